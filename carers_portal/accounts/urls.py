from django.urls import path

from carers_portal.accounts import mfa_views, staff_views, token_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed-out"),
    path("password-reset/", views.ResetRequestView.as_view(), name="reset-request"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="reset-confirm",
    ),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="reset-complete"),
    path("staff/", staff_views.staff_list, name="staff-list"),
    path("staff/add/", staff_views.staff_add, name="staff-add"),
    path("staff/<int:pk>/", staff_views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/deactivate/", staff_views.staff_deactivate, name="staff-deactivate"),
    path(
        "staff/<int:pk>/reset-two-step/",
        staff_views.staff_second_factor_reset,
        name="staff-second-factor-reset",
    ),
    path("api-tokens/", token_views.token_list, name="api-tokens"),
    path("api-tokens/<str:token_key>/revoke/", token_views.token_revoke, name="api-token-revoke"),
    path("two-factor/", mfa_views.manage, name="mfa-manage"),
    path("two-factor/verify/", mfa_views.verify, name="mfa-verify"),
    path("two-factor/set-up/", mfa_views.enrol, name="mfa-enrol"),
    path("two-factor/backup-codes/", mfa_views.backup_codes, name="mfa-backup-codes"),
    path("two-factor/backup-codes/renew/", mfa_views.backup_codes_renew, name="mfa-backup-renew"),
]
