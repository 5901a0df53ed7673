from django.urls import path

from online_accounts.views import activate, carer, representative, staff

app_name = "online_accounts"

urlpatterns = [
    # Public: the address on the letter and in the messages.
    path("activate/", activate.activate, name="activate"),
    path("activate/link/", activate.activate_link_check, name="activate-link-check"),
    path("activate/password/", activate.activate_password, name="activate-password"),
    path("activate/done/", activate.activate_done, name="activate-done"),
    path("activate/<str:token>/", activate.activate_link, name="activate-link"),
    # From the carer's record (casework staff of the carer's team).
    path("online-accounts/carers/<int:pk>/invite/", staff.carer_invite, name="invite"),
    path("online-accounts/carers/<int:pk>/revoke/", staff.carer_revoke, name="revoke"),
    path(
        "online-accounts/carers/<int:pk>/acting-for/add/",
        staff.acting_for_add,
        name="acting-for-add",
    ),
    path(
        "online-accounts/carers/<int:pk>/acting-for/<int:grant_pk>/invite/",
        staff.acting_for_invite,
        name="acting-for-invite",
    ),
    path(
        "online-accounts/carers/<int:pk>/acting-for/<int:grant_pk>/end/",
        staff.acting_for_revoke,
        name="acting-for-revoke",
    ),
    # The carer's own.
    path("my/acting-for/", carer.my_acting_for, name="my-acting-for"),
    path("my/acting-for/add/", carer.my_acting_for_add, name="my-acting-for-add"),
    path("my/acting-for/<int:pk>/end/", carer.my_acting_for_revoke, name="my-acting-for-revoke"),
    # Someone acting for a carer.
    path("acting-for/", representative.acting_for_home, name="acting-for-home"),
]
