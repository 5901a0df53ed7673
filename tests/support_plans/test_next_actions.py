"""The assessment page's "Create support plan" link comes from support plans' registration."""

import pytest
from django.urls import reverse

from carers_portal.next_actions import next_actions_for, registered_keys
from tests.support_plans.factories import EligibleAssessmentFactory

pytestmark = pytest.mark.django_db


def test_support_plans_registers_its_next_step_on_the_assessment_page():
    assert "create-support-plan" in registered_keys("assessment")


def test_create_support_plan_is_offered_to_editors_of_the_carers_team_only(world):
    assessment = EligibleAssessmentFactory(carer=world.carer_a)
    create_url = reverse("support_plans:plan-create", kwargs={"assessment_id": assessment.pk})
    offered = {
        name
        for name, user in world.users.items()
        if any(
            action["url"] == create_url and action["label"] == "Create support plan"
            for action in next_actions_for("assessment", user=user, obj=assessment)
        )
    }
    assert offered == {"assessor", "team_manager"}


def test_it_is_not_offered_before_the_carer_is_found_eligible(world):
    assessment = EligibleAssessmentFactory(carer=world.carer_a, eligibility_outcome="not_eligible")
    assert next_actions_for("assessment", user=world.user("assessor"), obj=assessment) == []
