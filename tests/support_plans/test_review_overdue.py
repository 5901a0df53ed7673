"""Staff see which agreed or active plans have passed their s27 review date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from support_plans.models import PlanStatus
from tests.factories import CarerFactory
from tests.support_plans.factories import ActivePlanFactory

pytestmark = pytest.mark.django_db

TAG = 'data-testid="review-overdue"'


def _plan(world, *, status, review_in_days):
    carer = CarerFactory(team=world.team_x)
    return ActivePlanFactory(
        assessment__carer=carer,
        status=status,
        next_review_due=timezone.localdate() + datetime.timedelta(days=review_in_days),
    )


@pytest.mark.parametrize(
    ("status", "review_in_days", "overdue"),
    [
        (PlanStatus.ACTIVE, -1, True),
        (PlanStatus.AGREED, -30, True),
        (PlanStatus.ACTIVE, 0, False),  # due today is not yet overdue
        (PlanStatus.ACTIVE, 10, False),
        (PlanStatus.UNDER_REVIEW, -30, False),  # the review is already happening
        (PlanStatus.CLOSED, -30, False),
    ],
)
def test_review_overdue_tag_on_the_plan_list_and_plan_page(
    world, client_for, status, review_in_days, overdue
):
    plan = _plan(world, status=status, review_in_days=review_in_days)
    client = client_for(world.user("assessor"))
    listing = client.get(reverse("support_plans:plan-list")).content.decode()
    page = client.get(reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk}))
    assert (TAG in listing) is overdue
    assert (TAG in page.content.decode()) is overdue
    if overdue:
        assert "Review overdue" in listing


def test_only_the_overdue_plans_are_tagged_in_the_list(world, client_for):
    _plan(world, status=PlanStatus.ACTIVE, review_in_days=-5)
    _plan(world, status=PlanStatus.ACTIVE, review_in_days=5)
    _plan(world, status=PlanStatus.AGREED, review_in_days=-40)
    listing = client_for(world.user("team_manager")).get(reverse("support_plans:plan-list"))
    assert listing.content.decode().count(TAG) == 2
