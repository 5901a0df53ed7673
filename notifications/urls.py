from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("delivery-receipts/", views.delivery_receipt, name="delivery-receipt"),
]
