from django.urls import path

from carers_portal.accounts import views

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
]
