"""Nothing the system creates for people can sit in no list.

The test reads the source of every app for the places that create a worklist task (calls of
triage.services.task_create, or a Task built directly), and runs each of them. Every task
each one makes must be in the team worktray of a worker in the task's team. A new place that
creates tasks fails here until it has a scenario below, so it cannot be forgotten.
"""

import ast
import datetime
import pathlib

import pytest
from django.utils import timezone

from tests.emergency_cards.factories import plan_for
from tests.factories import CaringRelationshipFactory
from tests.support_plans.factories import ActivePlanFactory, EligibleAssessmentFactory
from tests.triage.factories import ReferralFactory
from triage.models import Task, TaskStatus
from triage.selectors import task_tray

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = [
    "triage",
    "online_accounts",
    "assessments",
    "support_plans",
    "emergency_cards",
    "services_directory",
    "reporting",
    "governance",
    "carers_portal",
]


def _creates_a_task(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in ("task_create", "Task"):
        return True
    # Task.objects.create(...) / Task.objects.bulk_create(...)
    return (
        name in ("create", "bulk_create", "get_or_create", "update_or_create")
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Attribute)
        and getattr(func.value.value, "id", "") == "Task"
    )


def task_creation_sites() -> set[str]:
    """ "module:function" of every top-level function that creates a task."""
    sites = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            tree = ast.parse(path.read_text())
            for node in tree.body:
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if module == "triage.services.tasks" and node.name == "task_create":
                    continue  # the one primitive everything else calls
                if any(isinstance(n, ast.Call) and _creates_a_task(n) for n in ast.walk(node)):
                    sites.add(f"{module}:{node.name}")
    return sites


# --- One scenario per place, doing what a user or the nightly jobs would ------------------


def _referral_create(world):
    from triage import services

    services.referral_create(
        first_name="Cal",
        last_name="Carter",
        date_of_birth=datetime.date(1970, 1, 1),
        postcode="NR1 1AA",
        preferred_contact="phone",
        caring_hours="20_49",
        cared_for_first_name="Dot",
        cared_for_last_name="Carter",
        cared_for_relationship="parent",
        cared_for_support_reason="dementia",
        reason="Needs a break",
        consent=True,
        source="self",
        team=world.team_x,
    )


def _pathway_tasks(world):
    from triage import services

    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = services.referral_triage_record(
        referral=referral,
        version=referral.version,
        caring_hours="50_plus",
        health_impact="significant",
        breakdown_risk="high",
        carer_hospital_admission=False,
        urgency="today",
    )
    services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="urgent",
        pathway="emergency",
        override_reason="",
        by=world.user("triage_worker"),
    )


def _reviews_overdue(world):
    from assessments import services

    EligibleAssessmentFactory(
        carer=world.carer_a,
        assessor=world.user("assessor"),
        next_review_due=timezone.localdate() - datetime.timedelta(days=30),
    )
    services.reviews_mark_overdue()


def _assessment_review_requested(world):
    from assessments import services

    done = EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    services.review_requested(assessment=done, note="Mum has moved in")


def _plan_review_requested(world):
    from support_plans import services

    plan = ActivePlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    )
    services.support_plan_review_request(
        plan=plan, reason="Things have changed", user=world.user("carer")
    )


def _emergency_plan_lapsed(world):
    from emergency_cards import rules, services
    from emergency_cards.models import EmergencyPlan

    CaringRelationshipFactory(carer=world.carer_a)
    plan = plan_for(world.carer_a)
    confirmed = timezone.localdate() - datetime.timedelta(days=400)
    EmergencyPlan.objects.filter(pk=plan.pk).update(
        confirmed_on=confirmed, review_due=rules.review_due_on(confirmed)
    )
    services.plans_mark_due_for_review()


def _emergency_activation(world):
    from emergency_cards import services

    CaringRelationshipFactory(carer=world.carer_a)
    plan = plan_for(world.carer_a)
    services.activation_record(
        plan=plan,
        recorded_by=world.user("responder"),
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        caller_name="PC Smith",
        caller_type="emergency_services",
        what_happened="hospital_admission",
        outcome="Daughter came round within the hour",
        attempts=[],
    )


def _eligible_outcome(world):
    from assessments import services
    from tests.assessments.factories import ELIGIBLE_ANSWERS

    assessment = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes=ELIGIBLE_ANSWERS,
    )
    services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )


def _record_challenge(world):
    from governance import services

    services.challenge_log(
        carer=world.carer_a,
        kind="objection",
        record_ref="details",
        carer_says="I do not want my details shared with my GP",
        received_on=timezone.localdate() - datetime.timedelta(days=1),
        by=world.user("triage_worker"),
    )


def _carer_changed_their_details(world):
    """A carer sends changes from their own pages: contact details, then emergency contacts."""
    from emergency_cards.contact_changes import SUBJECT
    from triage import services

    services.change_request_create(
        carer=world.carer_a,
        subject="contact_details",
        after={"phone": "07700 900222"},
        requested_by=world.user("carer"),
    )
    CaringRelationshipFactory(carer=world.carer_a)
    plan = plan_for(world.carer_a)
    services.change_request_create(
        carer=world.carer_a,
        subject=SUBJECT,
        after={
            "contact_3": {
                "name": "Pat Neighbour",
                "relationship": "Neighbour",
                "phone": "07700 900333",
                "availability": "daytime",
                "availability_notes": "",
                "consents_to_contact": True,
                "consents_to_share": True,
            }
        },
        about_id=plan.pk,
        requested_by=world.user("carer"),
    )


SCENARIOS = {
    "triage.services.queue:triage_task_create": _referral_create,
    "triage.services.queue:pathway_tasks_create": _pathway_tasks,
    "assessments.services.reviews:reviews_mark_overdue": _reviews_overdue,
    "assessments.services.reviews:review_requested": _assessment_review_requested,
    "assessments.journey:assessment_completed": _eligible_outcome,
    "support_plans.services:support_plan_review_request": _plan_review_requested,
    "emergency_cards.services.reviews:_team_worklist_task": _emergency_plan_lapsed,
    "emergency_cards.services.activations:_activation_follow_up_task": _emergency_activation,
    "governance.services:challenge_log": _record_challenge,
    "triage.services.changes:change_request_create": _carer_changed_their_details,
}


def test_every_place_that_creates_a_task_has_a_scenario():
    assert task_creation_sites() == set(SCENARIOS), (
        "A place that creates tasks has no scenario here (or one has gone): add it, and make "
        "sure its tasks reach a team's tray"
    )


@pytest.mark.parametrize("site", sorted(SCENARIOS))
def test_each_created_task_is_in_its_teams_tray(site, world):
    before = set(Task.objects.values_list("pk", flat=True))
    SCENARIOS[site](world)
    created = list(Task.objects.exclude(pk__in=before).filter(status=TaskStatus.OPEN))
    assert created, f"{site} made no open task"
    worker = world.user("triage_worker")  # a member of team X, where every scenario runs
    in_tray = set(task_tray(user=worker).values_list("pk", flat=True))
    for task in created:
        assert task.team_id == world.team_x.pk, f"{task} went to another team"
        assert task.pk in in_tray, f"{task} ({task.kind}) is in no tray"
        assert task.due_on is not None, f"{task} ({task.kind}) has no due date"
