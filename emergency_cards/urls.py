from django.urls import path

from emergency_cards import views
from emergency_cards.views import acting_for

app_name = "emergency_cards"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("carer/<int:carer_id>/", views.carer_cards, name="carer-cards"),
    path("carer/<int:carer_id>/register/", views.plan_register, name="plan-register"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan-edit"),
    path(
        "plans/<int:plan_id>/new-card/",
        views.plan_status_action,
        {"action": "reissue"},
        name="plan-reissue",
    ),
    path(
        "plans/<int:plan_id>/suspend/",
        views.plan_status_action,
        {"action": "suspend"},
        name="plan-suspend",
    ),
    path(
        "plans/<int:plan_id>/reinstate/",
        views.plan_status_action,
        {"action": "reinstate"},
        name="plan-reinstate",
    ),
    path(
        "plans/<int:plan_id>/close/",
        views.plan_status_action,
        {"action": "close"},
        name="plan-close",
    ),
    path("plans/<int:plan_id>/confirm/", views.plan_confirm, name="plan-confirm"),
    path("plans/<int:plan_id>/card.pdf", views.card_pdf, name="card-pdf"),
    path("plans/<int:plan_id>/emergencies/new/", views.activation_create, name="activation-create"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/plans/<int:plan_id>/", views.lookup_plan, name="lookup-plan"),
    path("my/", views.my_cards, name="my"),
    path("my/register/", views.my_register, name="my-register"),
    path("my/plans/<int:plan_id>/", views.my_plan, name="my-plan"),
    path("acting-for/plans/<int:plan_id>/", acting_for.acting_for_plan, name="acting-for-plan"),
    path("my/plans/<int:plan_id>/contacts/", views.my_contacts, name="my-contacts"),
    path(
        "my/plans/<int:plan_id>/contacts/check/",
        views.my_contacts_check,
        name="my-contacts-check",
    ),
    path("my/plans/<int:plan_id>/contacts/<int:slot>/", views.my_contact, name="my-contact"),
]
