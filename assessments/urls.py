from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("reviews-due/", views.reviews_due, name="reviews-due"),
    path("approvals/", views.approvals, name="approvals"),
    path("carer/<int:carer_id>/", views.carer_assessments, name="carer-assessments"),
    path("carer/<int:carer_id>/start/", views.start, name="start"),
    path("<int:pk>/", views.task_list, name="task-list"),
    path("<int:pk>/section/<slug:slug>/", views.section, name="section"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/confirmation/", views.confirmation, name="confirmation"),
    path("<int:pk>/summary/", views.detail, name="detail"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/approve/", views.approve, name="approve"),
]
