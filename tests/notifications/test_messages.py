"""Each message the service sends, from the action that causes it, to Notify on loopback."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services as assessment_services
from notifications.models import Message, MessageKind, MessageStatus
from support_plans import services as plan_services
from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory
from tests.support_plans.factories import EligibleAssessmentFactory, SupportPlanFactory
from tests.triage.test_public_referral import ANSWERS, answer_all
from triage.models import Referral

pytestmark = pytest.mark.django_db


def _carer(world, **contact):
    values = {
        "email": "",
        "phone": "",
        "address_line_1": "",
        "town": "",
        "preferred_contact": "email",
    }
    return CarerFactory(
        team=world.team_x, first_name="Cal", last_name="Carter", **(values | contact)
    )


def test_a_self_referral_with_an_email_puts_its_reference_in_the_outbox(
    world, run_on_commit, client_for
):
    answers = {
        **ANSWERS,
        "contact": {
            **ANSWERS["contact"],
            "email": "jo@example.org",
            "preferred_contact": "email",
        },
    }
    client = Client()
    with run_on_commit():
        answer_all(client, answers)
        client.post(reverse("triage:referral-check"))
    referral = Referral.objects.get()

    page = (
        client_for(world.user("triage_worker"))
        .get(reverse("notifications:outbox"))
        .content.decode()
    )

    message = Message.objects.get(kind=MessageKind.REFERRAL_RECEIVED)
    assert (message.channel, message.recipient) == ("email", "jo@example.org")
    assert referral.reference in page
    assert "jo@example.org" in page


def test_the_outbox_shows_only_the_staff_members_teams(world, run_on_commit, client_for):
    answers = {**ANSWERS, "contact": {**ANSWERS["contact"], "email": "jo@example.org"}}
    client = Client()
    with run_on_commit():
        answer_all(client, answers)
        client.post(reverse("triage:referral-check"))
    referral = Referral.objects.get()
    assert Message.objects.filter(team_id=referral.team_id).exists()
    outside = referral.team != world.team_y
    assert outside  # the referral went to a team triage_worker_y does not work in
    page = client_for(world.user("triage_worker_y")).get(reverse("notifications:outbox"))
    assert page.status_code == 200
    assert referral.reference not in page.content.decode()


def test_a_referral_is_confirmed_once_through_notify(world, notify, run_on_commit):
    answers = {
        **ANSWERS,
        "contact": {**ANSWERS["contact"], "phone": "07700 900456", "preferred_contact": "text"},
    }
    client = Client()
    with run_on_commit():
        answer_all(client, answers)
        client.post(reverse("triage:referral-check"))
    referral = Referral.objects.get()
    sends = notify.sends("sms")
    assert len(sends) == 1
    assert sends[0].body["phone_number"] == "07700 900456"
    assert sends[0].body["personalisation"]["reference"] == referral.reference


def test_a_professional_referrer_is_confirmed_at_the_contact_they_gave(
    world, notify, run_on_commit
):
    from triage.services import referral_create

    with run_on_commit():
        referral_create(
            first_name="Jo",
            last_name="Bloggs",
            date_of_birth=datetime.date(1970, 3, 27),
            postcode="LS6 2AB",
            preferred_contact="post",
            caring_hours="50_plus",
            cared_for_first_name="Sam",
            cared_for_last_name="Bloggs",
            cared_for_relationship="parent",
            cared_for_support_reason="dementia",
            reason="Needs a break",
            consent=True,
            source="gp_practice",
            referrer_name="Dr Patel",
            referrer_contact="surgery@example.nhs.uk",
        )
    sends = notify.sends()
    assert [s.path for s in sends] == ["/v2/notifications/email"]
    assert sends[0].body["email_address"] == "surgery@example.nhs.uk"


def test_a_card_issued_and_reissued_each_go_once_and_no_number_in_a_text(
    world, notify, run_on_commit
):
    carer = _carer(world, phone="07700 900789", preferred_contact="text")
    with run_on_commit():
        plan = plan_for(carer, registered_by=world.user("triage_worker"))
    first_number = plan.current_card.card_number
    from emergency_cards import services as card_services

    with run_on_commit():
        new_card = card_services.card_reissue(plan=plan, version=plan.version, reason="Lost")
    sends = notify.sends("sms")
    assert [s.body["template_id"] for s in sends] == [
        "card_issued-sms-template",
        "card_reissued-sms-template",
    ]
    for send in sends:
        text = str(send.body)
        assert first_number not in text and new_card.card_number not in text


def test_a_card_number_goes_in_the_letter(world, notify, run_on_commit):
    carer = _carer(world, address_line_1="2 Low Road", town="Shireton", preferred_contact="post")
    with run_on_commit():
        plan = plan_for(carer, registered_by=world.user("triage_worker"))
    (send,) = notify.sends("letter")
    assert send.body["personalisation"]["card_number"] == plan.current_card.card_number
    assert send.body["personalisation"]["address_line_1"] == "Cal Carter"


def test_plan_agreed_goes_once_by_email(world, notify, run_on_commit):
    carer = _carer(world, email="cal@example.org")
    plan = SupportPlanFactory(assessment=EligibleAssessmentFactory(carer=carer))
    with run_on_commit():
        plan_services.support_plan_record_agreement(
            plan=plan, version=plan.version, agreed_on=datetime.date(2026, 2, 1), method="phone"
        )
    (send,) = notify.sends("email")
    assert send.body["email_address"] == "cal@example.org"
    assert send.body["template_id"] == "plan_agreed-email-template"
    assert Message.objects.get(kind=MessageKind.PLAN_AGREED).carer_id == carer.pk


def test_review_due_goes_once_however_often_the_nightly_job_runs(world, notify, run_on_commit):
    carer = _carer(world, email="cal@example.org")
    EligibleAssessmentFactory(carer=carer, next_review_due=datetime.date(2025, 1, 1))
    with run_on_commit():
        assessment_services.reviews_mark_overdue(today=datetime.date(2025, 6, 1))
        assessment_services.reviews_mark_overdue(today=datetime.date(2025, 6, 2))
    (send,) = notify.sends("email")
    assert send.body["template_id"] == "review_due-email-template"
    assert send.body["personalisation"]["due_on"] == "1 January 2025"


def test_review_booked_goes_when_the_review_starts(world, notify, run_on_commit):
    carer = _carer(world, email="cal@example.org")
    first = EligibleAssessmentFactory(carer=carer)
    with run_on_commit():
        assessment_services.assessment_start(
            carer=carer,
            kind="review",
            assessor=world.user("assessor"),
            review_of=first,
            review_type="planned",
            review_reason="Annual review",
        )
    (send,) = notify.sends("email")
    assert send.body["template_id"] == "review_booked-email-template"
    assert Message.objects.get().status == MessageStatus.SENT


def test_a_carer_with_no_details_for_any_channel_gets_nothing(world, notify, run_on_commit):
    carer = _carer(world, postcode="SH1 1AA")
    plan = SupportPlanFactory(assessment=EligibleAssessmentFactory(carer=carer))
    with run_on_commit():
        plan_services.support_plan_record_agreement(
            plan=plan, version=plan.version, agreed_on=datetime.date(2026, 2, 1), method="phone"
        )
    assert notify.requests == []
