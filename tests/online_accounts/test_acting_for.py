"""Someone acting for a carer: given by the carer or by a worker with the carer's consent,
read-only access to that carer's plan and card until a date, revocable, every read recorded."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from online_accounts.models import ActingFor, ConsentSource
from support_plans.selectors import support_plan_list_visible_to
from tests.emergency_cards.factories import plan_for
from tests.factories import CaringRelationshipFactory
from tests.online_accounts.factories import acting_for
from tests.online_accounts.helpers import (
    choose_password,
    code_in,
    date_fields,
    enter_code,
    letter_pdf,
    pdf_text,
)
from tests.support_plans.factories import ActivePlanFactory, SupportPlanFactory
from triage.case_notes import CaseNote

pytestmark = pytest.mark.django_db


def in_a_year() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


def worker_gives(client, carer, **values):
    data = {
        "first_name": "Rita",
        "last_name": "Reed",
        "relationship": "Daughter",
        "channel": "letter",
        "address_line_1": "9 Hill Rise",
        "town": "Shireton",
        "postcode": "sh1 9zz",
        "consent_note": "On the phone today",
        **date_fields("expires_on", in_a_year()),
        **values,
    }
    return client.post(reverse("online_accounts:acting-for-add", kwargs={"pk": carer.pk}), data)


@pytest.fixture
def plans(world):
    """Carer A's agreed plan and card; carer B's, which no one acting for A may see."""
    mine = ActivePlanFactory(assessment__carer=world.carer_a)
    draft = SupportPlanFactory(assessment__carer=world.carer_a)
    theirs = ActivePlanFactory(assessment__carer=world.carer_b)
    CaringRelationshipFactory(carer=world.carer_a)
    card = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    CaringRelationshipFactory(carer=world.carer_b)
    other_card = plan_for(world.carer_b, registered_by=world.user("triage_worker"))
    return mine, draft, theirs, card, other_card


def plan_url(plan) -> str:
    return reverse("support_plans:acting-for-plan", kwargs={"plan_id": plan.pk})


def card_url(plan) -> str:
    return reverse("emergency_cards:acting-for-plan", kwargs={"plan_id": plan.pk})


def test_a_worker_records_consent_and_the_named_person_reads_only_that_carers_plan_and_card(
    world, client_for, plans
):
    mine, draft, theirs, card, other_card = plans
    worker = client_for(world.user("triage_worker"))
    response = worker_gives(worker, world.carer_a)
    assert response.status_code == 200
    code = code_in(pdf_text(letter_pdf(response.content.decode())))
    grant = ActingFor.objects.get()
    assert (grant.consent, grant.consent_note) == (
        ConsentSource.CARER_TO_WORKER,
        "On the phone today",
    )
    assert grant.postcode == "SH1 9ZZ"
    record = worker.get(reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk}))
    assert "Rita Reed" in record.content.decode()
    assert "Invited by letter, not signed up yet" in record.content.decode()

    rita = Client()
    # The named person answers with the carer's date of birth.
    assert enter_code(rita, code, world.carer_a.date_of_birth).status_code == 302
    assert choose_password(rita).status_code == 302
    home = rita.get(reverse("online_accounts:acting-for-home")).content.decode()
    assert "Ann Ashby" in home
    assert plan_url(mine) in home and card_url(card) in home
    assert plan_url(draft) not in home

    assert rita.get(plan_url(mine)).status_code == 200
    assert rita.get(card_url(card)).status_code == 200
    reads = AccessEvent.objects.filter(user=grant.user, action=AccessEvent.Action.VIEW)
    assert {(e.object_type, e.carer_id, e.role) for e in reads} == {
        ("SupportPlan", world.carer_a.pk, Role.REPRESENTATIVE),
        ("EmergencyPlan", world.carer_a.pk, Role.REPRESENTATIVE),
    }
    # Another carer's records, a draft, the carer's own pages and staff pages: not there.
    for url in (
        plan_url(theirs),
        plan_url(draft),
        card_url(other_card),
        reverse("support_plans:my-plan", kwargs={"plan_id": mine.pk}),
        reverse("support_plans:plan-detail", kwargs={"plan_id": mine.pk}),
        reverse("emergency_cards:plan-confirm", kwargs={"plan_id": card.pk}),
        reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk}),
        reverse("api:support-plan-detail", kwargs={"pk": mine.pk}),
    ):
        assert rita.get(url).status_code in (403, 404), url
    # Reading is all: every write method on the pages they may read is 404.
    for method in ("post", "put", "patch", "delete"):
        assert getattr(rita, method)(plan_url(mine)).status_code == 404
        assert getattr(rita, method)(card_url(card)).status_code == 404


def test_the_plan_permission_matches_the_scope_for_someone_acting_for_a_carer(world, plans):
    mine, draft, theirs, _card, _other = plans
    grant = acting_for(world)
    user = grant.user
    in_scope = set(support_plan_list_visible_to(user).values_list("pk", flat=True))
    assert in_scope == {mine.pk}
    for plan in (mine, draft, theirs):
        assert user.has_perm("support_plans.view_supportplan", plan) == (plan.pk in in_scope)


def test_access_ends_on_its_date(world, client_for, plans):
    mine, *_ = plans
    grant = acting_for(world, expires_on=timezone.localdate() + datetime.timedelta(days=2))
    rita = client_for(grant.user)
    assert rita.get(plan_url(mine)).status_code == 200
    with freeze_time(timezone.localdate() + datetime.timedelta(days=3)):
        rita = client_for(grant.user)  # signed in afresh: an idle session ends on its own
        assert rita.get(plan_url(mine)).status_code == 404
        home = rita.get(reverse("online_accounts:acting-for-home")).content.decode()
        assert "You cannot see anyone's plan or card now" in home


def test_the_carer_ends_access_and_the_named_person_is_signed_out(world, client_for, plans):
    mine, *_ = plans
    grant = acting_for(world)
    rita = client_for(grant.user)
    assert rita.get(plan_url(mine)).status_code == 200
    carer = client_for(world.user("carer"))
    listing = carer.get(reverse("online_accounts:my-acting-for")).content.decode()
    assert "Rita Reed (Daughter)" in listing

    ended = carer.post(reverse("online_accounts:my-acting-for-revoke", kwargs={"pk": grant.pk}))
    assert ended.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == world.user("carer")
    after = rita.get(plan_url(mine))
    assert after.status_code == 302 and "/accounts/sign-in/" in after["Location"]
    assert "Ended on" in carer.get(reverse("online_accounts:my-acting-for")).content.decode()
    note = CaseNote.objects.filter(carer=world.carer_a).latest("created_at")
    assert "The carer ended Rita Reed's access" in note.text


def test_a_worker_ends_access_from_the_record(world, client_for, plans):
    mine, *_ = plans
    grant = acting_for(world)
    worker = client_for(world.user("triage_worker"))
    url = reverse(
        "online_accounts:acting-for-revoke", kwargs={"pk": world.carer_a.pk, "grant_pk": grant.pk}
    )
    assert worker.post(url).status_code == 302
    grant.user.refresh_from_db()
    assert not grant.user.is_active and not grant.user.has_usable_password()
    assert not ActingFor.objects.get().is_live()


def test_the_carer_gives_access_by_email_from_their_account(
    world, client_for, notify, run_on_commit
):
    carer = client_for(world.user("carer"))
    page = carer.get(reverse("online_accounts:my-acting-for-add")).content.decode()
    assert "Letter to print and post" not in page
    with run_on_commit():
        response = carer.post(
            reverse("online_accounts:my-acting-for-add"),
            {
                "first_name": "Sam",
                "last_name": "Shaw",
                "relationship": "Neighbour",
                "channel": "email",
                "email": "sam@example.org",
                **date_fields("expires_on", in_a_year()),
            },
        )
    assert response.status_code == 302
    (send,) = notify.sends("email")
    assert send.body["email_address"] == "sam@example.org"
    assert send.body["template_id"] == "acting_for_invitation-email-template"
    assert send.body["personalisation"]["carer_name"] == "Ann Ashby"
    assert "Ann's date of birth" in send.body["personalisation"]["invitation"]
    grant = ActingFor.objects.get()
    assert grant.consent == ConsentSource.CARER_ONLINE
    assert grant.user.role == Role.REPRESENTATIVE and grant.user.username == "sam@example.org"


def test_a_worker_must_say_how_the_carer_agreed_and_access_must_end(world, client_for):
    worker = client_for(world.user("triage_worker"))
    too_late = timezone.localdate() + datetime.timedelta(days=4 * 365)
    page = worker_gives(
        worker, world.carer_a, consent_note="", **date_fields("expires_on", too_late)
    ).content.decode()
    assert "Enter how and when the carer agreed" in page
    page = worker_gives(worker, world.carer_a, **date_fields("expires_on", too_late))
    assert "must be within 3 years" in page.content.decode()
    page = worker_gives(worker, world.carer_a, channel="sms", phone="01603 111222")
    assert "Enter a UK mobile number" in page.content.decode()
    assert not ActingFor.objects.exists()
