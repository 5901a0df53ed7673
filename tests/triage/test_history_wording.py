"""The change history speaks the user's language: labels and names, not column names and codes."""

import pytest
from django.urls import reverse

from tests.triage.factories import ReferralFactory
from triage import services

pytestmark = pytest.mark.django_db


def test_referral_history_shows_labels_and_names_not_codes_or_ids(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    referral, _proposal = services.referral_triage_record(
        referral=referral,
        version=referral.version,
        caring_hours="1_19",
        health_impact="some",
        breakdown_risk="low",
        carer_hospital_admission=False,
        urgency="today",
    )
    assessor = world.user("assessor")
    services.referral_assign(
        referral=referral, version=referral.version, team=world.team_x, assigned_to=assessor
    )

    url = reverse("triage:referral-detail", kwargs={"reference": referral.reference})
    page = client_for(world.user("triage_worker")).get(url).content.decode()

    assert "How soon help is needed: (blank) to Help is needed today" in page
    assert "Hours caring each week: (blank) to 1 to 19 hours a week" in page
    assert "Carer facing hospital admission: (blank) to No" in page
    assert f"Assigned worker: (blank) to {assessor}" in page
    assert "Urgency:" not in page
    assert "Assigned to id" not in page
