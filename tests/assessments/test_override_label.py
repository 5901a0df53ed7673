"""A recorded eligibility outcome is labelled an override only when it differs from the rules."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment

pytestmark = pytest.mark.django_db

REASON = "Needs met in full by the cared-for person's plan"


def _outcome_cell(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="eligibility-outcome"')
    return html[start : html.index("</dd>", start)]


def test_reason_alongside_the_rules_outcome_is_not_kept_or_shown(world, client_for, answered):
    assessment = answered()
    assert assessment.rules_outcome == "eligible"
    saved = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={"eligibility_outcome": "eligible", "eligibility_override_reason": REASON},
    )
    assert saved.eligibility_outcome == "eligible"
    assert saved.eligibility_override_reason == ""
    response = client_for(world.user("assessor")).get(reverse("assessments:check", args=[saved.pk]))
    cell = _outcome_cell(response)
    assert "Eligible" in cell
    assert "override" not in cell


def test_stored_reason_matching_the_rules_is_not_labelled_an_override(world, client_for, answered):
    # Records saved before the fix may hold a reason although the outcome agrees with the rules.
    assessment = answered()
    Assessment.objects.filter(pk=assessment.pk).update(eligibility_override_reason=REASON)
    response = client_for(world.user("assessor")).get(
        reverse("assessments:check", args=[assessment.pk])
    )
    assert "professional override" not in _outcome_cell(response)


def test_a_real_override_shows_its_reason(world, client_for, answered):
    assessment = answered()
    overridden = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={"eligibility_outcome": "not_eligible", "eligibility_override_reason": REASON},
    )
    assert overridden.eligibility_override_reason == REASON
    response = client_for(world.user("assessor")).get(
        reverse("assessments:check", args=[overridden.pk])
    )
    cell = _outcome_cell(response)
    assert "Not eligible" in cell
    assert f"(professional override: {REASON})" in cell.replace("&#x27;", "'")
