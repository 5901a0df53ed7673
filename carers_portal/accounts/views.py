from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from carers_portal import ratelimit
from carers_portal.accounts import mfa
from carers_portal.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # Failed attempts are cleared only by a complete sign-in, so a known password cannot
        # be used to reset the count while guessing the second factor.
        if not mfa.request_needs_second_factor(self.request):
            AxesProxyHandler.reset_attempts(
                ip_address=ratelimit.client_address(self.request),
                username=self.request.user.get_username(),
            )
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if mfa.request_needs_second_factor(self.request):
            target = (
                "accounts:mfa-verify"
                if mfa.has_second_factor(self.request.user)
                else "accounts:mfa-enrol"
            )
            return f"{reverse(target)}?{urlencode({'next': url})}"
        return url


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the idle-timeout middleware has already noted this request."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return HttpResponse(status=204)


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

    def form_valid(self, form):
        # Per client and per address (known or not, so the limit tells nothing about accounts):
        # nobody can flood a mailbox or the mail relay.
        address = form.cleaned_data["email"].strip().lower()
        if not ratelimit.allows(
            scope="password-reset",
            identities=[f"ip:{ratelimit.client_address(self.request)}", f"email:{address}"],
            limit=settings.PASSWORD_RESET_REQUESTS_PER_HOUR,
            window=3600,
        ):
            return render(self.request, "accounts/too_many_requests.html", status=429)
        return super().form_valid(form)


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
