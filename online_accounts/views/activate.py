"""Setting up an account from an invitation (no sign-in): the code and a date of birth, or
the emailed link and a date of birth; then a password. Wrong answers count against the
invitation (services) and against the client address (here, carers_portal/ratelimit.py)."""

import time

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal import ratelimit
from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import PORTAL_ROLES
from online_accounts import rules, services
from online_accounts.forms import ChoosePasswordForm, CodeForm, DateOfBirthForm

# The invitation whose code (or link) and date of birth were right, and when.
CHECKED_SESSION_KEY = "online_account_checked"
# An emailed link's token, moved out of the address bar (as Django's password reset does).
LINK_SESSION_KEY = "online_account_link"
# How long after the check the password may be chosen.
CHECKED_FOR_SECONDS = 30 * 60
THROTTLE_SCOPE = "online-account-code"
THROTTLE_WINDOW = 3600
LINK_WRONG = "The date of birth is not right. Check it and try again"


def _identity(request: HttpRequest) -> str:
    return f"ip:{ratelimit.client_address(request)}"


def _reserve(request: HttpRequest) -> bool:
    """Counts this try as wrong up front (so parallel guesses each see their own count);
    a right answer gives it back."""
    count = ratelimit.hit(scope=THROTTLE_SCOPE, identity=_identity(request), window=THROTTLE_WINDOW)
    return count <= settings.ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR


def _release(request: HttpRequest) -> None:
    ratelimit.release(scope=THROTTLE_SCOPE, identity=_identity(request), window=THROTTLE_WINDOW)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "online_accounts/too_many_tries.html", status=429)


def _checked(request: HttpRequest, invitation) -> HttpResponse:
    _release(request)
    request.session[CHECKED_SESSION_KEY] = {"invitation": invitation.pk, "at": int(time.time())}
    return redirect("online_accounts:activate-password")


def activate(request: HttpRequest) -> HttpResponse:
    """The address on the letter: the code and the date of birth."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _reserve(request):
            return _too_many(request)
        try:
            invitation = services.invitation_check(
                code=form.cleaned_data["code"], date_of_birth=form.cleaned_data["date_of_birth"]
            )
        except services.InvitationRefused as refused:
            form.add_error("code", refused.message)
        else:
            return _checked(request, invitation)
    return render(request, "online_accounts/activate.html", {"form": form})


def activate_link(request: HttpRequest, token: str) -> HttpResponse:
    request.session[LINK_SESSION_KEY] = token[:200]
    return redirect("online_accounts:activate-link-check")


def activate_link_check(request: HttpRequest) -> HttpResponse:
    """After an emailed link: the date of birth."""
    token = request.session.get(LINK_SESSION_KEY, "")
    if not rules.link_split(token):
        return render(request, "online_accounts/link_not_valid.html")
    form = DateOfBirthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _reserve(request):
            return _too_many(request)
        try:
            invitation = services.invitation_check(
                link_token=token, date_of_birth=form.cleaned_data["date_of_birth"]
            )
        except services.InvitationRefused as refused:
            if refused.refusal != rules.Refusal.WRONG:
                request.session.pop(LINK_SESSION_KEY, None)
                return render(
                    request, "online_accounts/link_not_valid.html", {"reason": refused.message}
                )
            form.add_error("date_of_birth", LINK_WRONG)
        else:
            request.session.pop(LINK_SESSION_KEY, None)
            return _checked(request, invitation)
    return render(request, "online_accounts/activate_link.html", {"form": form})


def _checked_invitation(request: HttpRequest):
    checked = request.session.get(CHECKED_SESSION_KEY) or {}
    if not checked or time.time() - checked.get("at", 0) > CHECKED_FOR_SECONDS:
        return None
    return services.invitation_open_for_password(checked.get("invitation"))


def activate_password(request: HttpRequest) -> HttpResponse:
    invitation = _checked_invitation(request)
    if invitation is None:
        request.session.pop(CHECKED_SESSION_KEY, None)
        return redirect("online_accounts:activate")
    form = ChoosePasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_redeem(
                invitation_id=invitation.pk, password=form.cleaned_data["new_password1"]
            )
        except services.InvitationRefused as refused:
            form.add_error(None, refused.message)
        else:
            request.session.pop(CHECKED_SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("online_accounts:activate-done")
    return render(
        request,
        "online_accounts/activate_password.html",
        {"form": form, "invitation": invitation, "username": invitation.user.username},
    )


@role_required(*PORTAL_ROLES)
def activate_done(request: HttpRequest) -> HttpResponse:
    return render(request, "online_accounts/activate_done.html")
