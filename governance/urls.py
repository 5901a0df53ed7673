from django.urls import path

from governance import challenge_views, views

app_name = "governance"

urlpatterns = [
    path("carers/<int:pk>/restriction/", views.carer_restriction, name="carer-restriction"),
    path("carers/<int:pk>/challenges/", challenge_views.carer_challenges, name="carer-challenges"),
    path("carers/<int:pk>/challenges/new/", challenge_views.challenge_log, name="challenge-log"),
    path("challenges/", challenge_views.challenge_list, name="challenge-list"),
    path("challenges/<int:pk>/", challenge_views.challenge_detail, name="challenge-detail"),
    path("access-review/", views.access_review, name="access-review"),
    path("retention/", views.retention_report, name="retention"),
    path("subject-access/", views.sar_list, name="sar-list"),
    path("subject-access/cared-for/", views.sar_cared_for, name="sar-cared-for"),
    path("subject-access/<int:pk>/download/", views.sar_download, name="sar-download"),
]
