from django.urls import path

from assessments.views import answering, records

app_name = "assessments"

urlpatterns = [
    path("mine/", records.mine, name="mine"),
    path("reviews-due/", records.reviews_due, name="reviews-due"),
    path("approvals/", records.approvals, name="approvals"),
    path("carer/<int:carer_id>/", records.carer_assessments, name="carer-assessments"),
    path("carer/<int:carer_id>/start/", answering.start, name="start"),
    path("<int:pk>/", answering.task_list, name="task-list"),
    path("<int:pk>/section/<slug:slug>/", answering.section, name="section"),
    path("<int:pk>/check/", answering.check, name="check"),
    path("<int:pk>/confirmation/", answering.confirmation, name="confirmation"),
    path("<int:pk>/separate/", answering.make_separate, name="make-separate"),
    path("<int:pk>/summary/", records.detail, name="detail"),
    path("<int:pk>/amend/", records.amend, name="amend"),
    path("<int:pk>/approve/", records.approve, name="approve"),
]
