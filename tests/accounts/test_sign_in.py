import pytest
from django.urls import reverse

from carers_portal.accounts.roles import Role
from tests.conftest import sign_in_client
from tests.factories import TEST_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def post_sign_in(client, username, password):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.8",
    )


def test_sign_in_sends_each_role_to_its_home_page(client):
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    response = post_sign_in(client, "sam", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa-verify"))
    response = client.post(response["Location"], {"code": totp_code(user)}, REMOTE_ADDR="10.0.0.8")
    assert response["Location"] == reverse("home")
    home = client.get(response["Location"])
    assert home.status_code == 302
    assert home["Location"] == reverse("home-assessor")


def test_wrong_password_keeps_the_username_and_explains(client):
    UserFactory(username="sam", role=Role.ASSESSOR)
    response = post_sign_in(client, "sam", "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body
    assert 'value="sam"' in body


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client):
    UserFactory(username="sam", role=Role.ASSESSOR)
    for _ in range(5):
        post_sign_in(client, "sam", "wrong-password")
    response = post_sign_in(client, "sam", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address_so_others_can_still_sign_in(client):
    UserFactory(username="sam", role=Role.ASSESSOR)
    UserFactory(username="tia", role=Role.TRIAGE_WORKER)
    for _ in range(5):
        post_sign_in(client, "sam", "wrong-password")
    response = post_sign_in(client, "tia", TEST_PASSWORD)
    assert response.status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(client):
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    sign_in_client(client, user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert client.get(reverse("home-assessor")).status_code == 302


def test_lockouts_behind_a_proxy_count_the_forwarded_client_not_the_proxy(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    UserFactory(username="sam", role=Role.ASSESSOR)

    def attempt(password, client_address):
        return client.post(
            reverse("accounts:sign-in"),
            {"username": "sam", "password": password},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{client_address}, 10.0.0.1",
        )

    for _ in range(5):
        attempt("wrong-password", "203.0.113.5")
    assert attempt(TEST_PASSWORD, "203.0.113.5").status_code == 429
    # Another person behind the same proxy is not locked out by the first one's mistakes.
    assert attempt(TEST_PASSWORD, "198.51.100.20").status_code == 302
