"""Carers identified through GP practices: the practice list, the referral naming its
practice, and the counts per practice and per referral source."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assessments.models import EligibilityOutcome
from reporting import rules
from reporting.selectors.event_figures import identification_counts
from reporting.services import events
from tests.reporting.factories import (
    AssessmentFactory,
    PlanItemFactory,
    ReferralFactory,
    SupportPlanFactory,
)
from triage.models import GPPractice

D = datetime.date


def _at(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_staff_referral_from_a_gp_practice_names_the_practice(world, client_for):
    GPPractice.objects.create(name="Riverside Surgery", ods_code="D82001")
    response = client_for(world.user("triage_worker")).post(
        reverse("triage:referral-create"), {"source": "gp_practice"}
    )
    assert "Select the GP practice that made the referral" in response.content.decode()
    response = client_for(world.user("triage_worker")).post(
        reverse("triage:referral-create"),
        {"source": "self", "gp_practice": GPPractice.objects.get().pk},
    )
    assert "Select a GP practice only for a referral from one" in response.content.decode()


def test_counts_per_referral_source_and_practice(world):
    riverside = GPPractice.objects.create(name="Riverside Surgery", ods_code="D82001")
    hill = GPPractice.objects.create(name="Hill Practice", ods_code="D82002")
    start = _at(D(2026, 5, 1))
    # Riverside: two carers referred; one assessed and given a service.
    supported = ReferralFactory(
        source="gp_practice", gp_practice=riverside, received_at=start, status="assigned"
    )
    assessment = AssessmentFactory(
        carer=supported.carer,
        referral=supported,
        completed_on=D(2026, 5, 20),
        eligibility_outcome=EligibilityOutcome.ELIGIBLE,
    )
    plan = SupportPlanFactory(carer=supported.carer, assessment=assessment)
    PlanItemFactory(plan=plan, starts_on=D(2026, 6, 1))
    ReferralFactory(
        source="gp_practice",
        gp_practice=riverside,
        received_at=start,
        closed_at=_at(D(2026, 5, 3)),
        closed_reason="information_advice",
        status="closed",
    )
    # Hill: one carer, advice only. A self-referral: one carer.
    ReferralFactory(
        source="gp_practice",
        gp_practice=hill,
        received_at=start,
        closed_at=_at(D(2026, 5, 2)),
        closed_reason="signposted",
        status="closed",
    )
    ReferralFactory(
        source="self",
        received_at=start,
        closed_at=_at(D(2026, 5, 2)),
        closed_reason="information_advice",
        status="closed",
    )
    events.events_refresh()
    counts = identification_counts(period=rules.financial_year(2026))
    assert counts["by_practice"] == [
        {"label": "Hill Practice (D82002)", "identified": 1, "assessed": 0, "supported": 0},
        {"label": "Riverside Surgery (D82001)", "identified": 2, "assessed": 1, "supported": 1},
    ]
    by_source = {row["label"]: row["identified"] for row in counts["by_source"]}
    assert by_source == {"GP practice": 3, "Self-referral by the carer": 1}
