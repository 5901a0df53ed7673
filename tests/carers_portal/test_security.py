import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from carers_portal.accounts.roles import Role
from tests.conftest import sign_in_client
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy_and_safe_headers(client):
    response = client.get(reverse("accounts:sign-in"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    # The GOV.UK Frontend bootstrap script carries the nonce, or GOV.UK JS never runs.
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_sign_in_form_refuses_a_post_without_a_csrf_token():
    UserFactory(username="sam", role=Role.ASSESSOR)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:sign-in"), {"username": "sam", "password": TEST_PASSWORD}
    )
    assert response.status_code == 403


def test_staff_are_signed_out_after_the_idle_timeout(client, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 60
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    with freeze_time("2026-11-23 09:00:00") as clock:
        sign_in_client(client, user)
        assert client.get(reverse("home-assessor")).status_code == 200
        clock.tick(50)
        assert client.get(reverse("home-assessor")).status_code == 200
        clock.tick(61)
        response = client.get(reverse("home-assessor"))
    assert response.status_code == 302
    # Signing in again returns to the page (WCAG 2.2.1).
    assert response["Location"] == (
        f"{reverse('accounts:sign-in')}?timed_out=1&next=%2Fhome%2Fassessor%2F"
    )
    assert "_auth_user_id" not in client.session


def test_session_cookie_is_http_only_and_rotated_at_sign_in(client):
    UserFactory(username="sam", role=Role.ASSESSOR)
    client.get(reverse("accounts:sign-in"))
    before = client.cookies.get("sessionid")
    client.post(reverse("accounts:sign-in"), {"username": "sam", "password": TEST_PASSWORD})
    after = client.cookies["sessionid"]
    assert after["httponly"]
    assert after.value != (before.value if before else None)


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="carers_portal.settings.production", ALLOWED_HOSTS="x")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_api_accepts_a_token_and_refuses_anonymous_callers(client, world):
    from knox.models import AuthToken

    _, key = AuthToken.objects.create(user=world.user("assessor"))
    assert client.get("/api/v1/").status_code in {401, 403}
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["schema"].endswith("/api/schema/")


def test_api_docs_are_served_from_local_assets(client, world):
    sign_in_client(client, world.user("administrator"))
    body = client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
    assert "cdn" not in body.lower()
