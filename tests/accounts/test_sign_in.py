import pytest
from django.urls import reverse

from carers_portal.accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def post_sign_in(client, username, password):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.8",
    )


def test_sign_in_sends_each_role_to_its_home_page(client):
    UserFactory(username="sam", role=Role.ASSESSOR)
    response = post_sign_in(client, "sam", TEST_PASSWORD)
    assert response.status_code == 302
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
    client.force_login(user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert client.get(reverse("home-assessor")).status_code == 302
