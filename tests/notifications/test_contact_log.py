"""Every message sent about a carer is on their contact log, once, with its delivery status."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from emergency_cards import services as card_services
from notifications.models import Message, MessageKind
from notifications.tasks import message_send_task
from support_plans import services as plan_services
from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory
from tests.support_plans.factories import EligibleAssessmentFactory, SupportPlanFactory
from tests.triage.test_public_referral import ANSWERS, answer_all
from triage import services as triage_services
from triage.models import Referral

pytestmark = pytest.mark.django_db

TOKEN = "receipt-token-for-tests-0123456789"


def _carer(world, **contact):
    return CarerFactory(
        team=world.team_x,
        first_name="Cal",
        last_name="Carter",
        **({"email": "cal@example.org", "phone": "", "preferred_contact": "email"} | contact),
    )


def _log(client_for, world, carer) -> list[str]:
    """The contact log's message entries as a reader sees them, one string each."""
    html = (
        client_for(world.user("triage_worker"))
        .get(reverse("triage:carer-detail", kwargs={"pk": carer.pk}))
        .content.decode()
    )
    entries = re.findall(r'data-testid="contact-log-message">(.*?)</li>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", entry).split()) for entry in entries]


def test_a_card_retried_after_a_server_error_is_on_the_log_once_then_delivered(
    world, notify, run_on_commit, client_for
):
    carer = _carer(world)
    notify.errors = [500]
    with run_on_commit():
        plan = plan_for(carer, registered_by=world.user("triage_worker"))
    message = Message.objects.get()
    message_send_task.apply(args=[message.pk])  # a redelivered task after success

    (entry,) = _log(client_for, world, carer)
    assert len(notify.sends("email")) == 2  # the 500, then the retry that got through
    assert entry.startswith(f"Email, {timezone.localdate():%-d %b %Y} Sent by the service")
    assert "Emergency card issued, to cal@example.org" in entry
    assert plan.current_card.card_number in entry  # what was sent, in its words
    assert "to cal@example.org. Sent" in entry

    message.refresh_from_db()
    Client().post(
        reverse("notifications:delivery-receipt"),
        data=json.dumps({"id": message.notify_id, "status": "delivered"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    (entry,) = _log(client_for, world, carer)
    assert "to cal@example.org. Delivered" in entry


def test_every_kind_of_message_about_a_carer_is_on_their_log(
    world, notify, run_on_commit, client_for
):
    carer = _carer(world, phone="07700 900789", preferred_contact="text")
    first = EligibleAssessmentFactory(carer=carer, next_review_due=datetime.date(2025, 1, 1))
    plan = SupportPlanFactory(assessment=first)
    with run_on_commit():
        card_plan = plan_for(carer, registered_by=world.user("triage_worker"))
    with run_on_commit():
        card_services.card_reissue(plan=card_plan, version=card_plan.version, reason="Lost")
        plan_services.support_plan_record_agreement(
            plan=plan, version=plan.version, agreed_on=datetime.date(2026, 2, 1), method="phone"
        )
        assessment_services.reviews_mark_overdue(today=datetime.date(2025, 6, 1))
        assessment_services.assessment_start(
            carer=carer,
            kind="review",
            assessor=world.user("assessor"),
            review_of=first,
            review_type="planned",
            review_reason="Annual review",
        )

    entries = _log(client_for, world, carer)

    about = {str(label) for label in MessageKind.labels if any(str(label) in e for e in entries)}
    assert about == {
        "Emergency card issued",
        "Emergency card reissued",
        "Support plan agreed",
        "Review due",
        "Review booked",
    }
    assert all(e.startswith("Text message, ") for e in entries)
    # A text never carries the card number, and the log shows what the text said.
    assert not any(card_plan.current_card.card_number in e for e in entries)


def test_a_referrals_receipt_sent_before_the_carer_was_known_is_on_their_log(
    world, run_on_commit, client_for
):
    answers = {
        **ANSWERS,
        "contact": {**ANSWERS["contact"], "email": "jo@example.org", "preferred_contact": "email"},
    }
    client = Client()
    with run_on_commit():
        answer_all(client, answers)
        client.post(reverse("triage:referral-check"))
    Referral.objects.update(team=world.team_x)
    referral = Referral.objects.get()
    assert Message.objects.get().carer_id is None  # sent at intake, before any record

    referral = triage_services.referral_carer_create(referral=referral, version=referral.version)

    (entry,) = _log(client_for, world, referral.carer)
    assert "Referral received, to jo@example.org" in entry
    assert referral.reference in entry


def test_another_carers_messages_are_not_on_the_log(world, run_on_commit, client_for):
    carer, other = _carer(world), _carer(world, email="other@example.org")
    with run_on_commit():
        plan_for(other, registered_by=world.user("triage_worker"))
    assert _log(client_for, world, carer) == []
    assert len(_log(client_for, world, other)) == 1
