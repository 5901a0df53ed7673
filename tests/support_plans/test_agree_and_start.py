"""A plan the carer has agreed starts in one step; support that would go over the budget says,
on its cost, by how much and what to do."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from carers_portal.versioning import EditConflict
from notifications.models import Message, MessageKind
from support_plans import services
from support_plans.exceptions import PlanError
from support_plans.models import PlanItem, PlanStatus, SupportPlan
from tests.support_plans.factories import PlanItemFactory, SupportPlanFactory

pytestmark = pytest.mark.django_db

AGREED_ON = datetime.date(2026, 2, 3)


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _draft_with_support(world) -> SupportPlan:
    carer = world.carer_a
    carer.email, carer.preferred_contact = "ann@example.org", "email"
    carer.save()
    return PlanItemFactory(plan__assessment__carer=carer).plan


def test_agreeing_and_starting_is_one_version_checked_step(world):
    plan = _draft_with_support(world)
    version = plan.version
    started = services.support_plan_agree_and_start(
        plan=plan, version=version, agreed_on=AGREED_ON, method="phone", user=world.user("assessor")
    )
    saved = SupportPlan.objects.get(pk=plan.pk)
    assert (saved.status, saved.carer_agreed, saved.agreed_on, saved.agreement_method) == (
        PlanStatus.ACTIVE,
        True,
        AGREED_ON,
        "phone",
    )
    assert saved.version == version + 1 == started.version
    assert (
        Message.objects.filter(kind=MessageKind.PLAN_AGREED, carer_id=world.carer_a.pk).count() == 1
    )
    # Starting the support schedules the light-touch review, as "Start the plan" does.
    assert Assessment.objects.get(pk=plan.assessment_id).next_review_due == plan.starts_on + (
        datetime.timedelta(weeks=8)
    )


def test_a_stale_version_or_a_plan_with_no_support_changes_nothing(world):
    plan = _draft_with_support(world)
    with pytest.raises(EditConflict):
        services.support_plan_agree_and_start(
            plan=plan,
            version=plan.version - 1,
            agreed_on=AGREED_ON,
            method="phone",
            user=world.user("assessor"),
        )
    plan = SupportPlan.objects.get(pk=plan.pk)  # as the next page would read it
    empty = SupportPlanFactory(assessment__carer=world.carer_a, status=PlanStatus.CLOSED)
    empty = SupportPlanFactory(assessment=empty.assessment)
    with pytest.raises(PlanError, match="Add at least one item of support"):
        services.support_plan_agree_and_start(
            plan=empty,
            version=empty.version,
            agreed_on=AGREED_ON,
            method="phone",
            user=world.user("assessor"),
        )
    with pytest.raises(PlanError) as future:
        services.support_plan_agree_and_start(
            plan=plan,
            version=plan.version,
            agreed_on=timezone.localdate() + datetime.timedelta(days=1),
            method="phone",
            user=world.user("assessor"),
        )
    assert future.value.field == "agreed_on"
    for unchanged in (plan, empty):
        saved = SupportPlan.objects.get(pk=unchanged.pk)
        assert (saved.status, saved.carer_agreed) == (PlanStatus.DRAFT, False)
    assert not Message.objects.exists()


def test_after_a_review_the_agreed_plan_carries_on(world):
    plan = _draft_with_support(world)
    plan.status, plan.review_requested_on = PlanStatus.UNDER_REVIEW, AGREED_ON
    plan.review_requested_reason = "Things have changed"
    plan.save()
    services.support_plan_agree_and_start(
        plan=plan,
        version=plan.version,
        agreed_on=timezone.localdate(),
        method="in_person",
        user=world.user("assessor"),
    )
    saved = SupportPlan.objects.get(pk=plan.pk)
    assert saved.status == PlanStatus.ACTIVE
    assert saved.review_requested_on is None and saved.review_requested_reason == ""
    assert saved.next_review_due > timezone.localdate() + datetime.timedelta(days=330)


def test_the_plan_page_offers_agree_and_start_and_the_page_does_it(world, client_for):
    plan = _draft_with_support(world)
    client = client_for(world.user("assessor"))
    detail = reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})
    url = reverse("support_plans:plan-agree-start", kwargs={"plan_id": plan.pk})
    assert f'href="{url}" data-testid="agree-and-start">Agree and start the plan' in (
        client.get(detail).content.decode()
    )
    missing = client.post(url, {"version": plan.version, **_date("agreed_on", AGREED_ON)})
    assert "Select how the carer agreed" in missing.content.decode()

    stale = client.post(
        url, {"version": plan.version - 1, "method": "video", **_date("agreed_on", AGREED_ON)}
    )
    assert stale.status_code == 409
    assert "Someone else changed this support plan" in stale.content.decode()
    assert 'value="video"' in stale.content.decode()
    response = client.post(
        url,
        {"version": plan.version, "method": "video", **_date("agreed_on", AGREED_ON)},
        follow=True,
    )
    body = response.content.decode()
    assert "The carer&#x27;s agreement has been recorded and the plan is now active" in body
    assert "Agreed on 3 February 2026, by video call" in body
    assert SupportPlan.objects.get(pk=plan.pk).status == PlanStatus.ACTIVE
    # An active plan has been agreed already: there is nothing left to agree and start.
    assert client.get(url).status_code == 404


def test_support_over_the_budget_is_explained_on_its_cost(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a, personal_budget=Decimal("300"))
    PlanItemFactory(plan=plan, frequency="monthly", cost=Decimal("20.00"))  # £240 a year
    client = client_for(world.user("assessor"))
    url = reverse("support_plans:item-add", kwargs={"plan_id": plan.pk})
    response = client.post(
        url,
        {
            "version": plan.version,
            "description": "Gym membership",
            "frequency": "annual",
            "cost": "75.50",
            "funding_stream": "base_budget",
            "delivery_mechanism": "direct_payment",
            **_date("starts_on", datetime.date(2026, 2, 1)),
        },
    )
    body = response.content.decode()
    message = (
        "This would bring the support for the carer to £315.50 a year, £15.50 more than the "
        "personal budget of £300.00 a year. To fit the budget, lower the cost or how often it "
        "is provided, or remove other support from the plan. A bigger budget needs your team "
        "manager"
    )
    summary = body[
        body.index("govuk-error-summary") : body.index("</ul>", body.index("govuk-error-summary"))
    ]
    assert message in summary and 'href="#id_cost"' in summary
    cost_group = body[body.index('id="div_id_cost"') : body.index('id="div_id_funding_stream"')]
    assert "govuk-form-group--error" in cost_group and message in cost_group
    assert 'value="75.50"' in body and 'value="Gym membership"' in body
    assert PlanItem.objects.filter(plan=plan).count() == 1
