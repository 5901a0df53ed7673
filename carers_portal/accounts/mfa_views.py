"""Second-factor pages: set up an authenticator app, enter a code, see backup codes."""

import segno
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carers_portal.accounts import mfa
from carers_portal.accounts.forms import EnrolForm, SecondFactorForm

BACKUP_CODES_SESSION_KEY = "mfa_backup_codes"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _locked_out(request: HttpRequest) -> HttpResponse:
    credentials = {"username": request.user.get_username()}
    logout(request)
    return get_lockout_response(request, None, credentials)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code page after a correct password."""
    user = request.user
    if not mfa.needs_second_factor(user):
        return redirect(_next_url(request))
    if not mfa.has_second_factor(user):
        return redirect(f"{reverse('accounts:mfa-enrol')}?next={_next_url(request)}")
    if mfa.is_locked_out(request, user):
        return _locked_out(request)
    form = SecondFactorForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request=request, user=user, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False) or mfa.is_locked_out(request, user):
            return _locked_out(request)
        form.add_error("code", "The security code is not right. Check it and try again")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Sets up an authenticator app. Someone who already has one must verify it first."""
    user = request.user
    if mfa.has_second_factor(user) and mfa.needs_second_factor(user):
        return redirect(f"{reverse('accounts:mfa-verify')}?next={_next_url(request)}")
    device = mfa.totp_device_pending(user)
    form = EnrolForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.totp_device_confirm(
                request=request, device=device, token=form.cleaned_data["code"]
            )
        except ValueError:
            form.add_error("code", "The code is not right. Check the app and enter the new code")
        else:
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(f"{reverse('accounts:mfa-backup-codes')}?next={_next_url(request)}")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            # Generated from the key, never from anything a user typed.
            "qr_svg": qr.svg_inline(scale=5, light="#fff").replace(
                "<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1
            ),
            "secret": mfa.totp_secret(device),
            "next": _next_url(request),
        },
    )


@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Shows new backup codes once; reloading the page does not show them again."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request, "accounts/mfa_backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """Your second factor: carers may set one up; everyone may get new backup codes."""
    return render(
        request,
        "accounts/mfa_manage.html",
        {"has_second_factor": mfa.has_second_factor(request.user)},
    )


@login_required
@require_POST
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    if not mfa.has_second_factor(request.user):
        return redirect("accounts:mfa-enrol")
    request.session[BACKUP_CODES_SESSION_KEY] = mfa.backup_codes_issue(user=request.user)
    messages.success(request, "Your old backup codes no longer work.")
    return redirect("accounts:mfa-backup-codes")
