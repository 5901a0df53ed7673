import io

from reporting import demo
from reporting.models import CommunityServicesDenominator, IndicatorTarget, MonthlyFigure, ReturnRun


def test_demo_seed_is_idempotent(db):
    demo.seed(stdout=io.StringIO())
    figures = MonthlyFigure.objects.count()
    demo.seed(stdout=io.StringIO())
    assert CommunityServicesDenominator.objects.count() == 2
    assert IndicatorTarget.objects.count() == 2
    assert ReturnRun.objects.get(kind=ReturnRun.ReturnKind.MONTHLY).times_produced == 1
    assert ReturnRun.objects.get(kind=ReturnRun.ReturnKind.CLD).times_produced == 1
    assert MonthlyFigure.objects.count() == figures > 0
