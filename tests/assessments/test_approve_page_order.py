from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services

pytestmark = pytest.mark.django_db


def test_the_manager_reads_the_answers_before_reaching_the_decision(world, client_for, answered):
    assessment = answered(agreed_budget=Decimal("500"), budget_override_reason="Exceptional")
    assessment = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    url = reverse("assessments:approve", args=[assessment.pk])
    page = client_for(world.user("team_manager")).get(url).content.decode()

    answers = page.index('class="govuk-summary-card"')
    decision = page.index("Do you approve this assessment?")
    assert answers < decision
