from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("carers/<int:pk>/restriction/", views.carer_restriction, name="carer-restriction"),
    path("access-review/", views.access_review, name="access-review"),
    path("retention/", views.retention_report, name="retention"),
    path("subject-access/", views.sar_list, name="sar-list"),
    path("subject-access/<int:pk>/download/", views.sar_download, name="sar-download"),
]
