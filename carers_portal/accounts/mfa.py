"""The second factor: TOTP apps (django-otp) with single-use backup codes.

Every member of staff must verify a second factor before any page or API session use; a
carer may opt in, and once they have a device it is required for them too. Wrong codes are
reported to axes as failed sign-ins, so they count towards the same lockout as passwords.
"""

from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carers_portal.accounts.roles import STAFF_ROLES

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_second_factor(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def second_factor_required(user) -> bool:
    """Staff always; a carer once they have set one up."""
    if not user.is_authenticated:
        return False
    return user.role in STAFF_ROLES or has_second_factor(user)


def needs_second_factor(user) -> bool:
    """Signed in with a password but not yet verified with a second factor."""
    if not second_factor_required(user):
        return False
    return not _is_verified(user)


def _is_verified(user) -> bool:
    # OTPMiddleware adds is_verified(); a user just signed in by password has not got it yet.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


REQUIRED_SESSION_KEY = "second_factor_required"


def request_needs_second_factor(request: HttpRequest) -> bool:
    """needs_second_factor for the signed-in user, looking a carer's devices up once a session."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.role not in STAFF_ROLES:
        required = request.session.get(REQUIRED_SESSION_KEY)
        if required is None:
            required = request.session[REQUIRED_SESSION_KEY] = has_second_factor(user)
        if not required:
            return False
    return not _is_verified(user)


def totp_secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_device_pending(user) -> TOTPDevice:
    """The unconfirmed device being set up (one per person), created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirms a new app with a code from it; returns fresh backup codes (shown once)."""
    if not device.verify_token(token.replace(" ", "")):
        raise ValueError("code")
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_issue(user=device.user)
    _verified(request, device)
    return codes


@transaction.atomic
def backup_codes_issue(*, user) -> list[str]:
    """Replaces any earlier backup codes with new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def is_locked_out(request: HttpRequest, user) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def verify(*, request: HttpRequest, user, token: str) -> bool:
    """Checks an app code, or a backup code (which is then used up)."""
    token = token.replace(" ", "").replace("-", "").lower()
    # An app code goes only to the app, so a backup code never counts against its throttle.
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    device = next(
        (d for d in model.objects.filter(user=user, confirmed=True) if d.verify_token(token)),
        None,
    )
    if device is None:
        # Counted with password failures for this username and address.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        return False
    _verified(request, device)
    return True


def _verified(request: HttpRequest, device) -> None:
    # A new session key once the second factor is in, as at password sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[REQUIRED_SESSION_KEY] = True
    AxesProxyHandler.reset_attempts(
        ip_address=get_client_ip_address(request), username=request.user.get_username()
    )


def devices_reset(*, user) -> int:
    """Removes a person's app and backup codes; they set up a new one at next sign-in."""
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        deleted += count
    return deleted
