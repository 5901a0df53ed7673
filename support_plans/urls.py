from django.urls import path

from support_plans import views

app_name = "support_plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("new/<int:assessment_id>/", views.plan_create, name="plan-create"),
    path("<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:plan_id>/services/", views.service_search, name="service-search"),
    path("<int:plan_id>/items/add/", views.item_add, name="item-add"),
    path("<int:plan_id>/items/<int:item_id>/remove/", views.item_remove, name="item-remove"),
    path(
        "<int:plan_id>/items/<int:item_id>/referral/",
        views.referral_create,
        name="referral-create",
    ),
    path("<int:plan_id>/agreement/", views.plan_agreement, name="plan-agreement"),
    path("<int:plan_id>/status/", views.plan_status, name="plan-status"),
    path("<int:plan_id>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("my/", views.my_plan_list, name="my-plans"),
    path("my/<int:plan_id>/", views.my_plan_detail, name="my-plan"),
    path("my/<int:plan_id>/pdf/", views.my_plan_pdf, name="my-plan-pdf"),
    path("my/<int:plan_id>/review/", views.my_plan_review, name="my-plan-review"),
]
