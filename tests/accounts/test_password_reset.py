import re

import pytest
from django.core import mail
from django.urls import reverse

from carers_portal.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    UserFactory(username="sam", email="sam@example.org", role=Role.ASSESSOR)
    response = client.post(reverse("accounts:reset-request"), {"email": "sam@example.org"})
    assert response["Location"] == reverse("accounts:reset-sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-longer-passphrase", "new_password2": "a-much-longer-passphrase"},
    )
    assert response["Location"] == reverse("accounts:reset-complete")
    signed_in = client.post(
        reverse("accounts:sign-in"), {"username": "sam", "password": "a-much-longer-passphrase"}
    )
    assert signed_in.status_code == 302


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:reset-request"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:reset-sent")
    assert mail.outbox == []


def test_reset_requests_are_limited_per_address(client, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 3
    UserFactory(username="sam", email="sam@example.org", role=Role.ASSESSOR)
    answers = [
        client.post(
            reverse("accounts:reset-request"),
            {"email": "sam@example.org"},
            REMOTE_ADDR=f"198.51.100.{n}",
        ).status_code
        for n in range(16)
    ]
    assert answers == [302] * 3 + [429] * 13
    assert len(mail.outbox) == 3


def test_reset_requests_are_limited_per_client_address(client, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 3
    answers = [
        client.post(reverse("accounts:reset-request"), {"email": f"p{n}@example.org"}).status_code
        for n in range(5)
    ]
    assert answers == [302] * 3 + [429] * 2
