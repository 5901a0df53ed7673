import datetime
import io

import pytest

from assessments import demo
from assessments.models import Assessment
from tests.factories import CarerFactory, CaringRelationshipFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_spreads_kinds_and_dates_and_is_idempotent(world, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_ASSESSED_CARERS", 40)
    for _ in range(45):
        CaringRelationshipFactory(carer=CarerFactory(team=world.team_x))
    demo.seed(stdout=io.StringIO())
    count = Assessment.objects.count()
    assert Assessment.objects.values("carer").distinct().count() == 40
    kinds = set(Assessment.objects.values_list("kind", flat=True))
    assert {"separate", "joint", "declined"} <= kinds
    outcomes = set(
        Assessment.objects.filter(status="completed").values_list("eligibility_outcome", flat=True)
    )
    assert {"eligible", "not_eligible"} <= outcomes
    starts = list(Assessment.objects.values_list("started_on", flat=True))
    assert min(starts) < datetime.date.today() - datetime.timedelta(days=365)
    demo.seed(stdout=io.StringIO())
    assert Assessment.objects.count() == count
