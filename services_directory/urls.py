from django.urls import path

from services_directory import views

app_name = "services_directory"

urlpatterns = [
    path("", views.directory_search, name="search"),
    path("services/<uuid:service_id>/", views.service_detail, name="service-detail"),
    path("freshness/", views.directory_freshness, name="freshness"),
]
