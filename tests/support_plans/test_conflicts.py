"""A referral update that lost a race says so, keeps what was typed, and saves nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from support_plans import services
from support_plans.models import ServiceReferral
from tests.support_plans.factories import ActivePlanFactory, PlanItemFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_stale_referral_update_is_the_conflict_page(world, client_for):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    item = PlanItemFactory(plan=plan, service=ServiceFactory())
    referral = services.service_referral_send(item=item, user=world.user("assessor"))
    ServiceReferral.objects.filter(pk=referral.pk).update(version=referral.version + 1)
    today = timezone.localdate()
    response = client_for(world.user("assessor")).post(
        reverse("support_plans:referral-detail", kwargs={"referral_id": referral.pk}),
        {
            "version": referral.version,
            "status": "accepted",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "note": "Phoned the service on Monday",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this referral" in body
    assert "Phoned the service on Monday" in body
    assert f'value="{referral.version + 1}"' in body
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.accepted_on is None
