"""A team manager approves the budget the council commits to in a year, however it is paid.

Reproduces the penetration test's three ways round the approval (threshold £300): a weekly
£300 completed with no approval, a frequency changed after approval, and a support plan's
budget raised past the approved amount by an assessor.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import rules, services
from assessments.models import Assessment
from support_plans import services as plan_services
from support_plans.exceptions import PlanError
from tests.assessments.factories import ELIGIBLE_ANSWERS
from tests.support_plans.factories import EligibleAssessmentFactory, SupportPlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("approval_threshold")]


@pytest.fixture
def approval_threshold():
    with override_settings(ASSESSMENT_APPROVAL_THRESHOLD="300"):
        yield


def test_the_yearly_amount_is_what_needs_approval():
    assert rules.yearly_budget(amount=Decimal("300"), frequency="weekly") == Decimal("15600")
    assert rules.needs_approval(amount=Decimal("300"), frequency="weekly", threshold=Decimal(300))
    assert not rules.needs_approval(
        amount=Decimal("300"), frequency="one_off", threshold=Decimal(300)
    )
    assert rules.needs_approval(amount=Decimal("26"), frequency="monthly", threshold=Decimal(300))


def test_a_weekly_300_through_the_api_waits_for_a_team_manager(world):
    api = APIClient()
    api.force_authenticate(world.user("assessor"))
    answers = {
        **ELIGIBLE_ANSWERS,
        "agreed_budget": "300.00",
        "budget_frequency": "weekly",
        "budget_override_reason": "Agreed with the carer",
    }
    created = api.post(
        reverse("api:assessment-list"),
        {"carer": world.carer_a.pk, "kind": "separate", "answers": answers},
        format="json",
    )
    assert created.status_code == 201, created.json()
    done = api.post(
        reverse("api:assessment-complete", args=[created.json()["id"]]),
        {"version": created.json()["version"]},
        format="json",
    )

    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "awaiting_approval"
    assert Assessment.objects.get().approved_by is None


def _approved_one_off(world) -> Assessment:
    return EligibleAssessmentFactory(
        carer=world.carer_a,
        assessor=world.user("assessor"),
        agreed_budget=Decimal("5000.00"),
        budget_frequency="one_off",
        approved_by=world.user("team_manager"),
    )


def test_changing_how_often_an_approved_budget_is_paid_needs_the_manager_again(world):
    assessment = _approved_one_off(world)

    with pytest.raises(ValidationError) as refused:
        services.assessment_amend(
            assessment=assessment,
            version=assessment.version,
            user=world.user("assessor"),
            field_name="budget_frequency",
            new_value="weekly",
            reason="Paid weekly instead",
        )

    assert "need a team manager" in str(refused.value)
    assessment.refresh_from_db()
    assert assessment.budget_frequency == "one_off"


def test_the_team_manager_changing_it_approves_the_new_amount(world):
    assessment = _approved_one_off(world)
    manager = world.user("team_manager")

    services.assessment_amend(
        assessment=assessment,
        version=assessment.version,
        user=manager,
        field_name="budget_frequency",
        new_value="monthly",
        reason="Paid monthly, agreed with the carer",
    )

    assessment.refresh_from_db()
    assert (assessment.budget_frequency, assessment.approved_by) == ("monthly", manager)


def test_an_assessor_cannot_raise_a_plan_past_the_approved_budget(world):
    plan = SupportPlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    )

    with pytest.raises(PlanError) as refused:
        plan_services.support_plan_update(
            plan=plan,
            version=plan.version,
            user=world.user("assessor"),
            personal_budget=Decimal("50000.00"),
        )

    assert refused.value.field == "personal_budget"
    assert "needs a team manager" in refused.value.message
    plan.refresh_from_db()
    assert plan.personal_budget == Decimal("300.00")


def test_a_team_manager_may_raise_it(world):
    plan = SupportPlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    )

    plan_services.support_plan_update(
        plan=plan,
        version=plan.version,
        user=world.user("team_manager"),
        personal_budget=Decimal("600.00"),
    )

    plan.refresh_from_db()
    assert plan.personal_budget == Decimal("600.00")
