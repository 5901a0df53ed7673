import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from assessments.models import AssessmentKind, AssessmentStatus
from reporting import services
from reporting.services import events
from support_plans.models import DeliveryMechanism, PlanStatus
from tests.reporting.factories import (
    AssessmentFactory,
    CarerFactory,
    PlanItemFactory,
    SupportPlanFactory,
    TeamFactory,
)
from triage.models import CaringHoursBand

D = datetime.date


@dataclass
class Ni135World:
    team_x: object
    team_y: object
    carers: dict


@pytest.fixture
def ni135_world(db) -> Ni135World:
    """Known assessments in financial year 2026 to 2027 (see test_ni135.py for the sums).

    c1 X 35y 20-49h  separate 1 May 2026, specific service          -> N
    c2 X 16y 1-19h   joint 1 Jun 2026, advice and information       -> N
    c3 Y 76y 50+h    separate 1 Jul 2026, no support                -> assessed only
    c4 Y 86y 50+h    declined 1 Jul 2026, advice given              -> declined, never N
    c5 X 21y 50+h    separate 10 May 2026 (nothing), review 1 Aug 2026 with service -> N once
    c6 X             separate 1 Dec 2025 with service                -> last year
    c7 Y             separate still in progress                      -> not yet
    c8 X             separate 2 Apr 2027 with service                -> next year
    """
    team_x = TeamFactory(name="Reporting Team X")
    team_y = TeamFactory(name="Reporting Team Y")
    hours = CaringHoursBand
    specs = {
        "c1": (team_x, D(1990, 6, 15), hours.FROM_20_TO_49),
        "c2": (team_x, D(2010, 1, 1), hours.UP_TO_19),
        "c3": (team_y, D(1950, 1, 1), hours.FIFTY_PLUS),
        "c4": (team_y, D(1940, 1, 1), hours.FIFTY_PLUS),
        "c5": (team_x, D(2005, 3, 1), hours.FIFTY_PLUS),
        "c6": (team_x, D(1980, 1, 1), hours.UP_TO_19),
        "c7": (team_y, D(1980, 1, 1), hours.UP_TO_19),
        "c8": (team_x, D(1980, 1, 1), hours.UP_TO_19),
    }
    carers = {
        name: CarerFactory(team=team, date_of_birth=dob, caring_hours=band)
        for name, (team, dob, band) in specs.items()
    }
    kinds = AssessmentKind
    AssessmentFactory(
        carer=carers["c1"], completed_on=D(2026, 5, 1), received_specific_service=True
    )
    AssessmentFactory(
        carer=carers["c2"],
        kind=kinds.JOINT,
        completed_on=D(2026, 6, 1),
        received_information_advice=True,
    )
    AssessmentFactory(carer=carers["c3"], completed_on=D(2026, 7, 1))
    AssessmentFactory(
        carer=carers["c4"],
        kind=kinds.DECLINED,
        completed_on=D(2026, 7, 1),
        received_information_advice=True,
    )
    AssessmentFactory(carer=carers["c5"], completed_on=D(2026, 5, 10))
    AssessmentFactory(
        carer=carers["c5"],
        kind=kinds.REVIEW,
        completed_on=D(2026, 8, 1),
        received_specific_service=True,
    )
    AssessmentFactory(
        carer=carers["c6"], completed_on=D(2025, 12, 1), received_specific_service=True
    )
    AssessmentFactory(
        carer=carers["c7"],
        status=AssessmentStatus.IN_PROGRESS,
        completed_on=None,
        started_on=D(2026, 9, 1),
        received_specific_service=True,
    )
    AssessmentFactory(
        carer=carers["c8"], completed_on=D(2027, 4, 2), received_specific_service=True
    )
    services.denominator_save(
        period_start=D(2026, 4, 1), period_end=D(2027, 3, 31), count=40, by=None
    )
    services.target_save(financial_year=2026, target=Decimal("10.0"), by=None)
    # Figures are counted from the carer event record, brought up to date as the nightly job does.
    events.events_refresh()
    return Ni135World(team_x=team_x, team_y=team_y, carers=carers)


@pytest.fixture
def support_world(ni135_world):
    """Plans for the LTS003 support types in 2026 to 2027 (see test_support_types)."""
    carers = ni135_world.carers
    mech = DeliveryMechanism
    old = D(2025, 1, 1)

    def plan(carer, status=PlanStatus.ACTIVE, assessment_on=old):
        assessment = AssessmentFactory(carer=carer, completed_on=assessment_on)
        return SupportPlanFactory(carer=carer, assessment=assessment, status=status)

    p1 = plan(carers["c1"])
    PlanItemFactory(plan=p1, delivery_mechanism=mech.DIRECT_PAYMENT)
    PlanItemFactory(plan=p1, delivery_mechanism=mech.COMMISSIONED)
    p2 = plan(carers["c2"], status=PlanStatus.AGREED)
    PlanItemFactory(plan=p2, delivery_mechanism=mech.MANAGED_PERSONAL_BUDGET)
    p5 = plan(carers["c5"])
    PlanItemFactory(plan=p5, delivery_mechanism=mech.COMMISSIONED)
    # Replacement care is the cared-for person's service (Care Act s20): not the carer's type.
    PlanItemFactory(plan=p5, delivery_mechanism=mech.DIRECT_PAYMENT, for_cared_for_person=True)
    c9 = CarerFactory(team=ni135_world.team_x)
    PlanItemFactory(plan=plan(c9), delivery_mechanism=mech.INFORMATION_ADVICE)
    c10 = CarerFactory(team=ni135_world.team_x)
    PlanItemFactory(plan=plan(c10, status=PlanStatus.DRAFT), delivery_mechanism=mech.DIRECT_PAYMENT)
    c11 = CarerFactory(team=ni135_world.team_y)
    # An item that ended before the year does not count.
    PlanItemFactory(
        plan=plan(c11),
        delivery_mechanism=mech.DIRECT_PAYMENT,
        starts_on=D(2025, 4, 1),
        ends_on=D(2026, 3, 31),
    )
    events.events_refresh()
    return ni135_world
