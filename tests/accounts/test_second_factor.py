"""Staff need a second factor (an authenticator app or a backup code) after their password."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carers_portal.accounts.roles import STAFF_ROLES, Role
from carers_portal.views import ROLE_HOME_URL_NAMES
from tests.factories import TEST_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "10.0.0.9"


def password_only(client, username):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": username, "password": TEST_PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )


def enter_code(client, code, next_url="/"):
    return client.post(
        f"{reverse('accounts:mfa-verify')}?next={next_url}", {"code": code}, REMOTE_ADDR=ADDRESS
    )


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_a_password_alone_reaches_no_staff_page_and_the_code_does(client, role):
    user = UserFactory(username=f"s-{role}", role=role)
    signed_in = password_only(client, user.username)
    assert signed_in["Location"].startswith(reverse("accounts:mfa-verify"))
    home = reverse(ROLE_HOME_URL_NAMES[Role(role)])
    for url in (home, reverse("home"), "/admin/", reverse("triage:queue")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:mfa-verify")), url
    # Nor the API with the session cookie.
    assert client.get("/api/v1/").status_code in {401, 403}
    response = enter_code(client, totp_code(user), next_url=home)
    assert response["Location"] == home
    assert client.get(home).status_code == 200
    assert client.get("/api/v1/").status_code == 200


def test_staff_without_an_app_set_one_up_with_a_qr_code_and_get_backup_codes(client):
    user = UserFactory(username="new-assessor", role=Role.ASSESSOR, second_factor=False)
    signed_in = password_only(client, user.username)
    assert signed_in["Location"].startswith(reverse("accounts:mfa-enrol"))
    page = client.get(signed_in["Location"])
    body = page.content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body).group(1)
    assert secret.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode()
    # Nothing else opens while the app is being set up.
    assert client.get(reverse("home-assessor"))["Location"].startswith(
        reverse("accounts:mfa-enrol")
    )
    wrong = client.post(signed_in["Location"], {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    response = client.post(signed_in["Location"], {"code": f"{totp.token():06d}"})
    assert response["Location"].startswith(reverse("accounts:mfa-backup-codes"))
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", shown)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    # Shown once only.
    assert "<code>" not in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home-assessor")).status_code == 200


def test_someone_with_an_app_cannot_set_up_another_without_the_code(client):
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    password_only(client, user.username)
    response = client.get(reverse("accounts:mfa-enrol"))
    assert response["Location"].startswith(reverse("accounts:mfa-verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_backup_code_works_once(client):
    from carers_portal.accounts.mfa import backup_codes_issue

    user = UserFactory(username="sam", role=Role.ASSESSOR)
    code = backup_codes_issue(user=user)[0]
    password_only(client, user.username)
    assert enter_code(client, code.upper())["Location"] == "/"
    client.post(reverse("accounts:sign-out"))
    password_only(client, user.username)
    again = enter_code(client, code)
    assert again.status_code == 200
    assert "The security code is not right" in again.content.decode()


def test_wrong_codes_count_towards_the_sign_in_lockout(client):
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    password_only(client, user.username)
    for _ in range(2):
        assert enter_code(client, "123456").status_code == 200
    # A correct password again does not clear the count while the code is still wrong.
    client.post(reverse("accounts:sign-out"))
    assert password_only(client, user.username)["Location"].startswith(
        reverse("accounts:mfa-verify")
    )
    for _ in range(2):
        enter_code(client, "123456")
    response = enter_code(client, "654321")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Locked even with the right password and code now.
    assert password_only(client, user.username).status_code == 429


def test_carers_may_opt_in_and_then_need_the_code(client):
    user = UserFactory(username="cara", role=Role.CARER)
    password_only(client, user.username)
    assert client.get(reverse("home-carer")).status_code == 200
    assert "Set up two-step sign-in" in client.get(reverse("accounts:mfa-manage")).content.decode()
    client.get(reverse("accounts:mfa-enrol"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:mfa-enrol"), {"code": totp_code_for_device(device)})
    client.post(reverse("accounts:sign-out"))
    password_only(client, user.username)
    assert client.get(reverse("home-carer"))["Location"].startswith(reverse("accounts:mfa-verify"))
    enter_code(client, totp_code(user))
    assert client.get(reverse("home-carer")).status_code == 200


def totp_code_for_device(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    return f"{totp.token():06d}"


def test_production_settings_always_require_the_second_factor_for_staff():
    """Loads the production settings as deployed and checks the enforcing pieces are on."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="carers_portal.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="carers.example.gov.uk",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://localhost/x"),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0"),
    )
    script = """
import django; django.setup()
from django.conf import settings
from carers_portal.accounts.roles import STAFF_ROLES
from carers_portal.accounts.mfa import second_factor_required
from carers_portal.accounts.models import User
mw = settings.MIDDLEWARE
auth = mw.index("django.contrib.auth.middleware.AuthenticationMiddleware")
otp = mw.index("django_otp.middleware.OTPMiddleware")
need = mw.index("carers_portal.accounts.middleware.SecondFactorRequiredMiddleware")
assert auth < otp < need, mw
assert settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
    "carers_portal.accounts.api_auth.VerifiedSessionAuthentication",
    "knox.auth.TokenAuthentication",
]
assert all(second_factor_required(User(role=role)) for role in STAFF_ROLES)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
