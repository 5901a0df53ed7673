"""The carer event record and the figures built from it, against hand-worked casework.

Financial year 2026 to 2027 (1 April 2026 to 31 March 2027); ages at 31 March 2027.

e1  40y separate 1 May 2026, eligible, NO ticks; active plan item (commissioned, in the
        directory) from 1 Jun 2026                          -> NI135 N; LTS003 3; ASCOF denominator
e2  70y separate 1 Feb 2026 (last year); direct payment item from 1 Mar 2026, ongoing; review
        1 Sep 2026, NO ticks                                 -> N (review, continuing); LTS003 1
e3  50y request closed "carer declined support" 10 May 2026  -> in nothing (declined request)
e4  45y declined assessment 1 Jul 2026, advice given         -> never N; LTS003 6 (declined assessment)
e5  50y separate 1 Aug 2026; managed personal budget item with no directory service, so no
        service component                                    -> N; LTS003 2; ASCOF 1b
e6  30y separate 1 Oct 2026, not eligible, advice ticked     -> N; LTS003 5
e7  80y separate 1 Nov 2026; only replacement care           -> N (setting); LTS003 6
e8  35y request closed "information and advice given" 1 Jun 2026 -> LTS003 5; not assessed
e9  16y separate 1 May 2026; direct payment item             -> N; LTS003 1 under 18; not in ASCOF
e10 55y separate 1 Dec 2026; plan still a draft              -> assessed, not N; LTS003 6

Hand counts. NI135: assessed 7 (e1 e2 e5 e6 e7 e9 e10), N 6 (all but e10).
LTS003: 1 -> 2 (e2 e9), 2 -> 1 (e5), 3 -> 1 (e1), 4 -> 0, 5 -> 2 (e6 e8), 6 -> 3 (e4 e7 e10).
ASCOF 3D (18+): denominator 3 (e1 e2 e5); 1b 2 (e2 e5) = 66.7%; 2b 1 (e2) = 33.3%;
18 to 64: 2, 1b 1 = 50.0%, 2b 0 = 0.0%; 65 and above: 1, 1b 1 = 100.0%, 2b 1 = 100.0%.
"""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import AssessmentKind, EligibilityOutcome, ReviewType
from reporting import rules
from reporting.models import CarerEvent
from reporting.selectors import event_figures as indicators
from reporting.services import events
from support_plans.models import DeliveryMechanism, ItemFrequency, PlanStatus
from tests.reporting.factories import (
    AssessmentFactory,
    CarerFactory,
    PlanItemFactory,
    ReferralFactory,
    ServiceFactory,
    SupportPlanFactory,
    TeamFactory,
)

D = datetime.date
YEAR = rules.financial_year(2026)
ELIGIBLE = EligibilityOutcome.ELIGIBLE


def _born(age: int) -> D:
    return D(2027 - age - 1, 6, 15)


def _closed(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def casework(db) -> dict:
    team = TeamFactory(name="Events Team")
    service = ServiceFactory()
    carers = {
        name: CarerFactory(team=team, date_of_birth=_born(age))
        for name, age in {
            "e1": 40,
            "e2": 70,
            "e3": 50,
            "e4": 45,
            "e5": 50,
            "e6": 30,
            "e7": 80,
            "e8": 35,
            "e9": 16,
            "e10": 55,
        }.items()
    }
    c = carers
    a1 = AssessmentFactory(carer=c["e1"], completed_on=D(2026, 5, 1), eligibility_outcome=ELIGIBLE)
    plan1 = SupportPlanFactory(carer=c["e1"], assessment=a1, starts_on=D(2026, 6, 1))
    PlanItemFactory(plan=plan1, service=service, starts_on=D(2026, 6, 1))

    a2 = AssessmentFactory(carer=c["e2"], completed_on=D(2026, 2, 1), eligibility_outcome=ELIGIBLE)
    plan2 = SupportPlanFactory(carer=c["e2"], assessment=a2, starts_on=D(2026, 3, 1))
    PlanItemFactory(
        plan=plan2,
        starts_on=D(2026, 3, 1),
        delivery_mechanism=DeliveryMechanism.DIRECT_PAYMENT,
        frequency=ItemFrequency.MONTHLY,
        cost=Decimal("50.00"),
    )
    AssessmentFactory(
        carer=c["e2"],
        kind=AssessmentKind.REVIEW,
        review_of=a2,
        review_type=ReviewType.PLANNED,
        started_on=D(2026, 8, 20),
        completed_on=D(2026, 9, 1),
    )

    ReferralFactory(
        carer=c["e3"],
        closed_reason="declined",
        received_at=_closed(D(2026, 5, 1)),
        closed_at=_closed(D(2026, 5, 10)),
        status="closed",
    )
    AssessmentFactory(
        carer=c["e4"],
        kind=AssessmentKind.DECLINED,
        completed_on=D(2026, 7, 1),
        received_information_advice=True,
    )
    a5 = AssessmentFactory(carer=c["e5"], completed_on=D(2026, 8, 1), eligibility_outcome=ELIGIBLE)
    plan5 = SupportPlanFactory(carer=c["e5"], assessment=a5, starts_on=D(2026, 8, 10))
    PlanItemFactory(
        plan=plan5,
        service=None,
        description="Gym membership",
        starts_on=D(2026, 8, 10),
        delivery_mechanism=DeliveryMechanism.MANAGED_PERSONAL_BUDGET,
    )
    AssessmentFactory(
        carer=c["e6"],
        completed_on=D(2026, 10, 1),
        eligibility_outcome=EligibilityOutcome.NOT_ELIGIBLE,
        received_information_advice=True,
    )
    a7 = AssessmentFactory(carer=c["e7"], completed_on=D(2026, 11, 1), eligibility_outcome=ELIGIBLE)
    plan7 = SupportPlanFactory(carer=c["e7"], assessment=a7, starts_on=D(2026, 11, 5))
    PlanItemFactory(
        plan=plan7, service=service, starts_on=D(2026, 11, 5), for_cared_for_person=True
    )
    ReferralFactory(
        carer=c["e8"],
        closed_reason="information_advice",
        received_at=_closed(D(2026, 5, 20)),
        closed_at=_closed(D(2026, 6, 1)),
        status="closed",
    )
    a9 = AssessmentFactory(carer=c["e9"], completed_on=D(2026, 5, 1), eligibility_outcome=ELIGIBLE)
    plan9 = SupportPlanFactory(carer=c["e9"], assessment=a9, starts_on=D(2026, 5, 2))
    PlanItemFactory(
        plan=plan9, starts_on=D(2026, 5, 2), delivery_mechanism=DeliveryMechanism.DIRECT_PAYMENT
    )
    a10 = AssessmentFactory(
        carer=c["e10"], completed_on=D(2026, 12, 1), eligibility_outcome=ELIGIBLE
    )
    plan10 = SupportPlanFactory(
        carer=c["e10"], assessment=a10, starts_on=D(2026, 12, 5), status=PlanStatus.DRAFT
    )
    PlanItemFactory(plan=plan10, service=service, starts_on=D(2026, 12, 5))
    events.events_refresh()
    return carers


def _ni135(choices=None):
    rows = indicators.ni135_event_rows(
        period=YEAR, team_ids=None, choices=choices or rules.CountingChoices()
    )
    per_carer = [row for row in rows if row[0] == 3]
    return sum(row[9] for row in per_carer), sum(row[10] for row in per_carer)


def test_events_are_derived_from_the_casework(casework):
    e2 = CarerEvent.objects.filter(carer=casework["e2"]).order_by("key")
    assert [(e.event_type, e.outcome) for e in e2] == [
        ("assessment", "progress_to_support_planning"),
        ("review", "continuation"),
        ("service", "provision_of_service"),
    ]
    assert e2.get(event_type="service").end_date is None
    service = CarerEvent.objects.get(carer=casework["e5"], event_type="service")
    assert (service.service_type, service.delivery_mechanism, service.service_component) == (
        "direct_to_carer",
        "managed_personal_budget",
        "",
    )
    declined = CarerEvent.objects.get(carer=casework["e3"])
    assert (declined.event_type, declined.outcome, declined.end_date) == (
        "request",
        "support_declined",
        D(2026, 5, 10),
    )
    # A draft plan is only a proposal: no service.
    assert not CarerEvent.objects.filter(carer=casework["e10"], event_type="service").exists()


def test_refresh_is_idempotent_and_keeps_withdrawn_events(casework):
    before = CarerEvent.objects.count()
    again = events.events_refresh()
    assert again.written == 0 and again.withdrawn == 0
    assert CarerEvent.objects.count() == before
    referral = casework["e8"].referrals.get()
    referral.closed_reason = "duplicate"
    referral.save()
    result = events.events_refresh()
    assert result.withdrawn == 1
    withdrawn = CarerEvent.objects.get(carer=casework["e8"])
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.pgh_event_model.objects.filter(pgh_obj=withdrawn).count() == 1


def test_ni135_counts_the_unticked_plan_item_and_the_continuing_review(casework):
    assessed, numerator = _ni135()
    assert (assessed, numerator) == (7, 6)


def test_a_refusal_with_advice_is_never_in_n_even_when_declined_counts(casework):
    assessed, numerator = _ni135(rules.CountingChoices(count_declined=True))
    assert (assessed, numerator) == (8, 6)


def test_replacement_care_as_a_carers_service_is_a_setting(casework):
    choices = replace(rules.CountingChoices(), count_replacement_care=False)
    assert _ni135(choices) == (7, 5)


def test_lts003_matches_the_hand_count_with_both_declined_traps(casework):
    result = indicators.lts003(period=YEAR)
    assert {c["key"]: c["carers"] for c in result.categories} == {
        "direct_payment": 2,
        "managed_personal_budget": 1,
        "commissioned": 1,
        "unknown_mechanism": 0,
        "information_advice": 2,
        "no_direct_support": 3,
    }
    assert result.total == 9
    direct_payment = result.categories[0]["by_age"]
    assert direct_payment["under_18"] == 1 and direct_payment["65_84"] == 1


def test_ascof_3d_matches_the_hand_count_and_keeps_the_blank_component(casework):
    result = indicators.ascof_3d(period=YEAR)
    assert result.bands["total"] == {
        "denominator": 3,
        "numerator_1b": 2,
        "numerator_2b": 1,
        "value_1b": Decimal("66.7"),
        "value_2b": Decimal("33.3"),
    }
    assert result.bands["18_64"]["value_1b"] == Decimal("50.0")
    assert result.bands["18_64"]["value_2b"] == Decimal("0.0")
    assert result.bands["65_plus"]["denominator"] == 1
    assert result.bands["65_plus"]["value_2b"] == Decimal("100.0")
    assert result.unknown_mechanism == 0
