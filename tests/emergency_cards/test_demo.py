import io

import pytest

from carers_portal.accounts.roles import Role
from emergency_cards import demo
from emergency_cards.models import Activation, EmergencyPlan, PlanStatus
from tests.factories import CaringRelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_adds_cards_once(world):
    UserFactory(role=Role.RESPONDER, username="demo-responder")
    for _ in range(12):
        CaringRelationshipFactory(carer__team=world.team_x)
    CaringRelationshipFactory(carer=world.carer_a)
    demo.seed(stdout=io.StringIO())
    plans = EmergencyPlan.objects.count()
    activations = Activation.objects.count()
    assert plans == 13
    assert EmergencyPlan.objects.filter(carer=world.carer_a).exists()
    assert EmergencyPlan.objects.filter(status=PlanStatus.CLOSED).count() == 1
    assert activations >= 1
    demo.seed(stdout=io.StringIO())
    assert (EmergencyPlan.objects.count(), Activation.objects.count()) == (plans, activations)
