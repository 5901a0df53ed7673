from django.urls import path

from triage import views

app_name = "triage"

urlpatterns = [
    # Public: no sign-in.
    path("refer/", views.referral_start, name="referral-start"),
    path("refer/check-answers/", views.referral_check, name="referral-check"),
    path("refer/complete/", views.referral_complete, name="referral-complete"),
    path("refer/<slug:step>/", views.referral_step, name="referral-step"),
    # Staff worklist.
    path("queue/", views.queue, name="queue"),
    path("caseload/", views.caseload, name="caseload"),
    path("tray/", views.tray, name="tray"),
    path("search/", views.search, name="search"),
    path("tray/<int:pk>/claim/", views.task_claim, name="task-claim"),
    path("tray/<int:pk>/assign/", views.task_assign, name="task-assign"),
    path("tray/<int:pk>/change/", views.task_change, name="task-change"),
    path("referrals/new/", views.referral_create, name="referral-create"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral-detail"),
    path("referrals/<str:reference>/link/", views.referral_link, name="referral-link"),
    path(
        "referrals/<str:reference>/compare/<int:carer_pk>/",
        views.referral_compare,
        name="referral-compare",
    ),
    path(
        "referrals/<str:reference>/new-carer/",
        views.referral_carer_create,
        name="referral-carer-create",
    ),
    path("referrals/<str:reference>/close/", views.referral_close, name="referral-close"),
    path("referrals/<str:reference>/triage/", views.referral_triage, name="referral-triage"),
    path("referrals/<str:reference>/decision/", views.referral_decision, name="referral-decision"),
    path("referrals/<str:reference>/assign/", views.referral_assign, name="referral-assign"),
    # Carers register.
    path("carers/", views.carer_list, name="carer-list"),
    path("carers/<int:pk>/", views.carer_detail, name="carer-detail"),
    path("carers/<int:pk>/edit/", views.carer_edit, name="carer-edit"),
    path("carers/<int:pk>/cared-for/add/", views.cared_for_add, name="cared-for-add"),
    path("carers/<int:pk>/notes/add/", views.case_note_add, name="case-note-add"),
]
