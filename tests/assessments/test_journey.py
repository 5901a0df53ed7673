"""Referral -> assessment -> plan as one thread: each step moves the one before it on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from support_plans import services as plan_services
from tests.assessments.factories import ELIGIBLE_ANSWERS
from tests.triage.factories import ReferralFactory
from triage import rules
from triage import services as triage_services
from triage.models import Referral, Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(world):
    """Carer A's referral, triaged high priority to a carer's assessment."""
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = triage_services.referral_triage_record(
        referral=referral,
        version=referral.version,
        caring_hours="50_plus",
        health_impact="significant",
        breakdown_risk="some",
        carer_hospital_admission=False,
        urgency="this_week",
    )
    return triage_services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="high",
        pathway="carers_assessment",
        override_reason="",
        by=world.user("triage_worker"),
    )


def _open(kind, referral):
    return Task.objects.filter(referral=referral, kind=kind, status=TaskStatus.OPEN)


def _complete(world, assessment, **answers):
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes=answers,
    )
    return services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )


def test_the_referral_and_its_task_offer_start_and_starting_stops_the_clock(
    world, client_for, triaged
):
    task = _open(TaskKind.START_ASSESSMENT, triaged).get()
    # High priority: 4 working days from the referral, not 28 calendar days.
    assert task.due_on == rules.add_working_days(timezone.localdate(triaged.received_at), 4)
    client = client_for(world.user("assessor"))
    start_url = reverse("assessments:start", kwargs={"carer_id": world.carer_a.pk})
    link = f"{start_url}?referral={triaged.pk}"
    page = client.get(reverse("triage:referral-detail", kwargs={"reference": triaged.reference}))
    assert link in page.content.decode()
    tray = client.get(reverse("triage:tray")).content.decode()
    assert link in tray and "Start the assessment" in tray

    response = client.post(link, {"kind": "separate", "referral": triaged.pk})
    assert response.status_code == 302
    triaged.refresh_from_db()
    assert triaged.status == "assessment_started"
    assert triaged.assessment_started_at is not None
    assert triaged.clock_due_on is None
    assert not _open(TaskKind.START_ASSESSMENT, triaged).exists()
    # Started: the referral page no longer offers to start it again.
    page = client.get(reverse("triage:referral-detail", kwargs={"reference": triaged.reference}))
    assert link not in page.content.decode()
    assert "the clock has stopped" in page.content.decode()


def test_starting_from_the_carers_record_answers_the_waiting_referral(world, triaged):
    assessment = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    assert assessment.referral == triaged
    triaged.refresh_from_db()
    assert triaged.status == "assessment_started"


def test_an_eligible_outcome_moves_the_referral_on_and_queues_the_plan(world, triaged):
    assessment = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor"), referral=triaged
    )
    done = _complete(world, assessment, **ELIGIBLE_ANSWERS)
    assert done.status == "completed"
    triaged.refresh_from_db()
    assert triaged.status == "eligible"
    plan_task = Task.objects.get(kind=TaskKind.CREATE_SUPPORT_PLAN, status=TaskStatus.OPEN)
    assert plan_task.carer == world.carer_a and plan_task.team == world.team_x
    assert plan_task.due_on is not None

    plan = plan_services.support_plan_create(assessment=done, user=world.user("assessor"))
    assert plan.assessment == done
    plan_task.refresh_from_db()
    assert plan_task.status == TaskStatus.DONE


def test_a_refusal_moves_the_referral_to_declined(world, triaged):
    assessment = services.assessment_start(
        carer=world.carer_a, kind="declined", assessor=world.user("assessor"), referral=triaged
    )
    _complete(
        world,
        assessment,
        declined_on=datetime.date(2026, 1, 5),
        declined_reason="Managing for now",
    )
    assert Referral.objects.get(pk=triaged.pk).status == "assessment_declined"
    assert not Task.objects.filter(kind=TaskKind.CREATE_SUPPORT_PLAN).exists()
    # Out of the queue: it has its outcome.
    from triage.selectors import QueueFilters, referral_queue

    queue = referral_queue(user=world.user("triage_worker"), filters=QueueFilters())
    assert triaged.pk not in set(queue.values_list("pk", flat=True))
