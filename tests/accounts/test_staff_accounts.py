"""Administrators manage staff in the service: invite, change role and teams, deactivate."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from carers_portal.accounts.models import AccountEvent, User
from tests.factories import TEST_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_staff_who_choose_a_password_then_set_up_two_step(
    world, client_for, client, django_capture_on_commit_callbacks
):
    admin = client_for(world.user("administrator"))
    missing = admin.post(
        reverse("accounts:staff-add"),
        {
            "first_name": "Ola",
            "last_name": "Nowak",
            "email": "ola@example.gov.uk",
            "username": "ola",
            "role": "assessor",
        },
    )
    assert "Select at least one team" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:staff-add"),
            {
                "first_name": "Ola",
                "last_name": "Nowak",
                "email": "ola@example.gov.uk",
                "username": "ola",
                "role": "assessor",
                "teams": [world.team_x.pk],
            },
        )
    ola = User.objects.get(username="ola")
    assert response["Location"] == reverse("accounts:staff-detail", kwargs={"pk": ola.pk})
    assert not ola.has_usable_password()
    assert AccountEvent.objects.get(subject=ola).action == "invited"
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    signed_in = client.post(
        reverse("accounts:sign-in"), {"username": "ola", "password": "a-long-new-passphrase"}
    )
    assert signed_in["Location"].startswith(reverse("accounts:mfa-enrol"))


def test_role_and_team_changes_are_recorded(world, client_for):
    admin = client_for(world.user("administrator"))
    person = world.user("assessor")
    admin.post(
        reverse("accounts:staff-detail", kwargs={"pk": person.pk}),
        {"role": "team_manager", "teams": [world.team_x.pk, world.team_y.pk]},
    )
    person.refresh_from_db()
    assert person.role == "team_manager"
    events = {e.action: e.details for e in AccountEvent.objects.filter(subject=person)}
    assert events["role_changed"] == {"from": "assessor", "to": "team_manager"}
    assert events["teams_changed"] == {"from": ["Team X"], "to": ["Team X", "Team Y"]}
    assert all(e.actor == world.user("administrator") for e in AccountEvent.objects.all())


def test_a_leavers_sessions_and_tokens_end_at_once(world, client_for):
    leaver = world.user("triage_worker")
    their_session = client_for(leaver)
    assert their_session.get(reverse("triage:queue")).status_code == 200
    _, key = AuthToken.objects.create(user=leaver)
    admin = client_for(world.user("administrator"))
    admin.post(reverse("accounts:staff-deactivate", kwargs={"pk": leaver.pk}))
    response = their_session.get(reverse("triage:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert their_session.get("/api/v1/carers/", HTTP_AUTHORIZATION=f"Token {key}").status_code in {
        401,
        403,
    }
    assert not AuthToken.objects.filter(user=leaver).exists()
    assert AccountEvent.objects.get(subject=leaver).action == "deactivated"
    from django.test import Client

    again = Client().post(
        reverse("accounts:sign-in"), {"username": leaver.username, "password": TEST_PASSWORD}
    )
    assert again.status_code == 200


def test_an_administrator_resets_a_persons_two_step_sign_in_and_it_is_logged(world, client_for):
    person = world.user("assessor")
    admin = client_for(world.user("administrator"))
    admin.post(reverse("accounts:staff-second-factor-reset", kwargs={"pk": person.pk}))
    assert not TOTPDevice.objects.filter(user=person).exists()
    event = AccountEvent.objects.get(subject=person)
    assert (event.action, event.actor) == ("second_factor_reset", world.user("administrator"))


def test_only_administrators_manage_staff(world, client_for):
    for role in ("team_manager", "commissioner", "carer"):
        assert client_for(world.user(role)).get(reverse("accounts:staff-list")).status_code == 404


def test_django_admin_holds_no_carer_records_and_security_logs_are_read_only(world, client_for):
    from django.contrib import admin

    for model in admin.site._registry:
        names = {f.name for f in model._meta.get_fields()}
        assert model._meta.label not in {"triage.Carer", "triage.Referral", "triage.CaredForPerson"}
        # The access log and legal holds name a carer by record number, never their details.
        assert "carer" not in names or model._meta.label in {
            "accounts.AccessEvent",
            "governance.LegalHold",
        }, model
    client = client_for(
        UserFactory(username="sys-admin", role="administrator", is_staff=True, is_superuser=True)
    )
    assert client.get("/admin/support_plans/supportplan/").status_code == 404
    assert client.get("/admin/knox/authtoken/").status_code == 404
    assert client.get("/admin/axes/accesslog/").status_code == 200
    from axes.models import AccessLog

    log = AccessLog.objects.create(username="x", ip_address="1.2.3.4", user_agent="t")
    assert client.get(f"/admin/axes/accesslog/{log.pk}/delete/").status_code == 403
    assert client.post(
        "/admin/axes/accesslog/", {"action": "delete_selected", "_selected_action": [log.pk]}
    ).status_code in {200, 302}
    assert AccessLog.objects.filter(pk=log.pk).exists()


def test_api_tokens_are_shown_once_stored_hashed_and_expire(world, client_for):
    client = client_for(world.user("assessor"))
    page = client.post(reverse("accounts:api-tokens")).content.decode()
    token = re.search(r'<code id="new-token">([0-9a-f]+)</code>', page).group(1)
    stored = AuthToken.objects.get(user=world.user("assessor"))
    assert token not in stored.digest and stored.expiry is not None
    assert token not in client.get(reverse("accounts:api-tokens")).content.decode()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('authtoken_token')")
        assert cursor.fetchone()[0] is None
    from django.test import Client

    program = Client()
    assert program.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    client.post(reverse("accounts:api-token-revoke", kwargs={"token_key": stored.token_key}))
    assert program.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}").status_code in {401, 403}


def test_totp_code_helper_gives_a_fresh_code(world):
    assert len(totp_code(world.user("assessor"))) == 6
