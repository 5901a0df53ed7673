"""Carer-facing answers: who will contact them and when, money with its real frequency,
plain words instead of the return's terms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.support_plans.factories import (
    ActivePlanFactory,
    EligibleAssessmentFactory,
    PlanItemFactory,
    SupportPlanFactory,
)
from triage.models import Task, TaskKind
from triage.rules import add_working_days
from triage.selectors import task_tray

pytestmark = pytest.mark.django_db


def test_asking_for_a_review_says_who_will_call_and_by_when(world, client_for):
    world.team_x.phone = "01632 960101"
    world.team_x.save()
    assessor = world.user("assessor")
    plan = ActivePlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=assessor),
        created_by=assessor,
    )
    client = client_for(world.user("carer"))
    response = client.post(
        reverse("support_plans:my-plan-review", kwargs={"plan_id": plan.pk}),
        {"reason": "My hours at work have changed"},
        follow=True,
    )
    body = response.content.decode()
    due = add_working_days(datetime.date.today(), 10)
    assert f"{assessor.get_full_name()} will contact you by {due:%A} {due.day} {due:%B %Y}" in body
    assert "call 01632 960101" in body
    assert f"Your worker is <strong>{assessor.get_full_name()}</strong>" in body
    # ... and the team sees it, with that due date, in its tray.
    task = Task.objects.get(kind=TaskKind.REVIEW_REQUESTED)
    assert task.due_on == due and task.assigned_to == assessor
    assert task in task_tray(user=world.user("triage_worker"))


@pytest.mark.parametrize(
    ("frequency", "shown", "not_shown"),
    [
        ("one_off", "£300.00, paid once", "£300.00 a year"),
        ("annual", "£300.00 a year", "paid once"),
        ("monthly", "£25.00 a month (£300.00 a year)", "paid once"),
    ],
)
def test_the_budget_shows_how_it_is_paid(world, client_for, frequency, shown, not_shown):
    plan = ActivePlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, budget_frequency=frequency),
        personal_budget=Decimal("300.00"),
    )
    for user, url in (
        (world.user("carer"), reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk})),
        (world.user("assessor"), reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})),
    ):
        body = client_for(user).get(url).content.decode()
        assert shown in body
        assert not_shown not in body


def test_a_one_off_item_is_paid_once_and_carers_read_plain_words(world, client_for):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(
        plan=plan,
        frequency="one_off",
        cost=Decimal("120.00"),
        delivery_mechanism="managed_personal_budget",
    )
    body = (
        client_for(world.user("carer"))
        .get(reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk}))
        .content.decode()
    )
    assert "£120.00, paid once" in body
    assert "each time" not in body
    assert "Council-managed personal budget" not in body
    assert "Arranged for you by the council from your personal budget" in body


def test_a_direct_payment_item_without_the_plans_direct_payment_says_so(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(plan=plan, delivery_mechanism="direct_payment")
    body = (
        client_for(world.user("assessor"))
        .get(reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk}))
        .content.decode()
    )
    assert "Not set yet" in body
    assert "1 item below is paid as a direct payment" in body
    assert ">None<" not in body
