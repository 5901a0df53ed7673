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


def test_carer_history_names_other_records_and_leaves_out_bookkeeping(world, client_for):
    import datetime

    from tests.assessments.factories import AssessmentFactory

    assessment = AssessmentFactory(carer=world.carer_a)
    assessment.sections_completed = ["about", "caring-role"]
    assessment.next_review_due = datetime.date(2027, 11, 23)
    assessment.save()

    url = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    page = client_for(world.user("assessor")).get(url).content.decode()

    assert "Assessment changed" in page
    assert "assessments.Assessment" not in page
    assert "Next review due: (blank) to 23 Nov 2027" in page
    assert "caring-role" not in page
