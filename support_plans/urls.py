from django.urls import path

from support_plans.views import acting_for, carers, plans, support

app_name = "support_plans"

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("assessments/", plans.assessment_list, name="assessment-list"),
    path("new/<int:assessment_id>/", plans.plan_create, name="plan-create"),
    path("<int:plan_id>/", plans.plan_detail, name="plan-detail"),
    path("<int:plan_id>/edit/", plans.plan_edit, name="plan-edit"),
    path("<int:plan_id>/services/", support.service_search, name="service-search"),
    path("<int:plan_id>/items/add/", support.item_add, name="item-add"),
    path("<int:plan_id>/items/<int:item_id>/remove/", support.item_remove, name="item-remove"),
    path(
        "<int:plan_id>/items/<int:item_id>/referral/",
        support.referral_create,
        name="referral-create",
    ),
    path("<int:plan_id>/agreement/", plans.plan_agreement, name="plan-agreement"),
    path("<int:plan_id>/agree-and-start/", plans.plan_agree_start, name="plan-agree-start"),
    path("<int:plan_id>/status/", plans.plan_status, name="plan-status"),
    path("<int:plan_id>/pdf/", plans.plan_pdf, name="plan-pdf"),
    path("referrals/<int:referral_id>/", support.referral_detail, name="referral-detail"),
    path("my/", carers.my_plan_list, name="my-plans"),
    path("my/<int:plan_id>/", carers.my_plan_detail, name="my-plan"),
    path("my/<int:plan_id>/pdf/", carers.my_plan_pdf, name="my-plan-pdf"),
    path("my/<int:plan_id>/review/", carers.my_plan_review, name="my-plan-review"),
    path("acting-for/<int:plan_id>/", acting_for.acting_for_plan, name="acting-for-plan"),
]
