from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from carers_portal.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        return context


class SignOutView(auth_views.LogoutView):
    pass


class SignedOutView(TemplateView):
    template_name = "accounts/signed_out.html"


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/reset_request.html"
    email_template_name = "accounts/email/reset_email.txt"
    subject_template_name = "accounts/email/reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:reset-sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
