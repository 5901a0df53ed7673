import io

import pytest

from carers_portal.accounts.roles import Role
from support_plans import demo, services
from support_plans.models import PlanStatus, SupportPlan
from tests.factories import CarerFactory, UserFactory
from tests.support_plans.factories import EligibleAssessmentFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_demo_gives_the_demo_carer_an_active_plan_with_two_services_and_is_idempotent(world):
    assessor = world.user("assessor")
    demo_user = UserFactory(username="carer", role=Role.CARER)
    demo_carer = CarerFactory(team=world.team_x, user=demo_user)
    EligibleAssessmentFactory(carer=demo_carer, assessor=assessor)
    for _ in range(8):
        EligibleAssessmentFactory(carer=CarerFactory(team=world.team_x), assessor=assessor)
    for _ in range(4):
        ServiceFactory()
    out = io.StringIO()
    demo.seed(stdout=out)
    plan = SupportPlan.objects.get(carer=demo_carer)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.items.filter(service__isnull=False).count() == 2
    assert SupportPlan.objects.count() == 9
    for each in SupportPlan.objects.all():
        each_items = services.support_plan_budget(plan=each)
        assert each_items.within_budget, each_items.reasons
    demo.seed(stdout=out)
    assert SupportPlan.objects.count() == 9


def test_demo_skips_without_assessments(db):
    out = io.StringIO()
    demo.seed(stdout=out)
    assert "skipped" in out.getvalue()
    assert not SupportPlan.objects.exists()
