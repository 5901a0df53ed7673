import datetime
from decimal import Decimal

import pytest

from carers_portal.versioning import EditConflict
from support_plans import services
from support_plans.exceptions import PlanError
from support_plans.models import PlanItem, PlanStatus, ServiceReferralUpdate, SupportPlan
from tests.support_plans.factories import (
    ActivePlanFactory,
    EligibleAssessmentFactory,
    PlanItemFactory,
    ServiceFactory,
    SupportPlanFactory,
)
from triage.models import Task, TaskKind

pytestmark = pytest.mark.django_db


def _add(plan, **overrides):
    values = {
        "plan": plan,
        "version": plan.version,
        "service": None,
        "description": "Gym membership",
        "frequency": "monthly",
        "cost": Decimal("20.00"),
        "funding_stream": "care_act",
        "delivery_mechanism": "direct_payment",
        "for_cared_for_person": False,
        "starts_on": datetime.date(2026, 2, 1),
    }
    values.update(overrides)
    return services.plan_item_add(**values)


class TestSupportPlanCreate:
    def test_a_plan_starts_from_the_assessment(self, world):
        assessment = EligibleAssessmentFactory(carer=world.carer_a, agreed_budget=Decimal("175"))
        plan = services.support_plan_create(
            assessment=assessment, user=world.user("assessor"), starts_on=datetime.date(2026, 2, 2)
        )
        assert plan.status == PlanStatus.DRAFT
        assert plan.team == world.team_x
        assert plan.personal_budget == Decimal("175.00")
        assert "recreational activities" in plan.needs_identified
        assert plan.outcomes_wanted == "A regular break to see friends"
        # Statutory guidance on s27: first review within 6-8 weeks.
        assert plan.next_review_due == datetime.date(2026, 3, 30)

    def test_a_weekly_budget_becomes_a_yearly_one(self, world):
        assessment = EligibleAssessmentFactory(
            carer=world.carer_a, agreed_budget=Decimal("10"), budget_frequency="weekly"
        )
        plan = services.support_plan_create(assessment=assessment, user=world.user("assessor"))
        assert plan.personal_budget == Decimal("520.00")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"eligibility_outcome": "not_eligible"}, "eligible needs"),
            ({"status": "in_progress", "completed_on": None}, "must be completed"),
        ],
    )
    def test_only_completed_eligible_assessments(self, world, changes, message):
        assessment = EligibleAssessmentFactory(carer=world.carer_a, **changes)
        with pytest.raises(PlanError, match=message):
            services.support_plan_create(assessment=assessment, user=world.user("assessor"))
        assert not SupportPlan.objects.exists()

    def test_a_carer_has_one_live_plan_at_a_time(self, world):
        SupportPlanFactory(assessment__carer=world.carer_a)
        assessment = EligibleAssessmentFactory(carer=world.carer_a)
        with pytest.raises(PlanError, match="already has a support plan that is not closed"):
            services.support_plan_create(assessment=assessment, user=world.user("assessor"))
        assert SupportPlan.objects.count() == 1


class TestBudget:
    def test_items_for_the_carer_must_fit_the_personal_budget(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a, personal_budget=Decimal("300"))
        _add(plan, cost=Decimal("20.00"))  # £240 a year
        with pytest.raises(PlanError) as error:
            _add(plan, description="Massage", frequency="one_off", cost=Decimal("60.01"))
        assert "£0.01 more than the personal budget of £300.00" in error.value.message
        assert plan.items.count() == 1

    def test_replacement_care_does_not_count_against_the_carers_budget(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a, personal_budget=Decimal("300"))
        _add(plan, cost=Decimal("25.00"))  # £300 a year: the whole budget
        item = _add(
            plan,
            description="Day centre for the cared-for person",
            frequency="weekly",
            cost=Decimal("80.00"),
            delivery_mechanism="commissioned",
            for_cared_for_person=True,
        )
        assert item.annual_cost == Decimal("4160.00")
        plan.refresh_from_db()
        budget = services.support_plan_budget(plan=plan)
        assert budget.within_budget
        assert budget.carer_total == Decimal("300.00")
        assert budget.replacement_care_total == Decimal("4160.00")

    def test_lowering_the_budget_below_the_support_is_refused(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a, personal_budget=Decimal("300"))
        _add(plan, cost=Decimal("20.00"))
        plan.refresh_from_db()
        with pytest.raises(PlanError, match="more than the personal budget"):
            services.support_plan_update(
                plan=plan,
                version=plan.version,
                user=world.user("assessor"),
                personal_budget=Decimal("100.00"),
            )
        plan.refresh_from_db()
        assert plan.personal_budget == Decimal("300.00")

    def test_direct_payment_needs_amount_and_frequency(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        with pytest.raises(PlanError, match="amount and how often"):
            services.support_plan_update(
                plan=plan,
                version=plan.version,
                user=world.user("assessor"),
                direct_payment_amount=Decimal("50"),
                direct_payment_frequency="",
            )


class TestConcurrency:
    def test_a_stale_version_changes_nothing(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        stale = plan.version
        services.support_plan_update(
            plan=plan, version=stale, user=world.user("assessor"), needs_to_be_met="First"
        )
        other = SupportPlan.objects.get(pk=plan.pk)
        with pytest.raises(EditConflict):
            services.support_plan_update(
                plan=other, version=stale, user=world.user("assessor"), needs_to_be_met="Second"
            )
        plan.refresh_from_db()
        assert plan.needs_to_be_met == "First"

    def test_adding_an_item_with_a_stale_version_adds_nothing(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        stale = plan.version
        _add(plan)
        with pytest.raises(EditConflict):
            _add(SupportPlan.objects.get(pk=plan.pk), version=stale, description="Second")
        assert PlanItem.objects.filter(plan=plan).count() == 1


class TestLifecycle:
    def test_draft_to_active_needs_agreement_and_items(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        user = world.user("assessor")
        with pytest.raises(PlanError, match="Record the date the carer agreed"):
            services.support_plan_transition(
                plan=plan, version=plan.version, target="agreed", user=user
            )
        _add(plan)
        services.support_plan_record_agreement(
            plan=plan, version=plan.version, agreed_on=datetime.date(2026, 2, 1), method="phone"
        )
        services.support_plan_transition(
            plan=plan, version=plan.version, target="agreed", user=user
        )
        services.support_plan_transition(
            plan=plan, version=plan.version, target="active", user=user
        )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE
        assert plan.agreement_method == "phone"

    def test_an_active_plan_cannot_be_edited_until_reviewed(self, world):
        plan = ActivePlanFactory(assessment__carer=world.carer_a)
        with pytest.raises(PlanError, match="Start a review"):
            _add(plan)
        services.support_plan_transition(
            plan=plan, version=plan.version, target="under_review", user=world.user("assessor")
        )
        _add(plan)
        plan.refresh_from_db()
        # Care Act s25(4): the revised plan needs the carer's agreement again.
        assert plan.carer_agreed is False

    def test_closing_sets_the_end_date(self, world):
        plan = ActivePlanFactory(assessment__carer=world.carer_a)
        services.support_plan_transition(
            plan=plan, version=plan.version, target="closed", user=world.user("assessor")
        )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.CLOSED
        assert plan.ends_on is not None


class TestReviewRequest:
    def test_a_review_request_puts_a_task_on_the_carers_team_worklist(self, world):
        plan = ActivePlanFactory(assessment__carer=world.carer_a)
        services.support_plan_review_request(
            plan=plan, reason="My mum has moved in with me", user=world.user("carer")
        )
        plan.refresh_from_db()
        assert plan.review_requested_on is not None
        task = Task.objects.get(kind=TaskKind.REVIEW_REQUESTED)
        assert task.team == world.team_x
        assert task.carer == world.carer_a

    def test_a_draft_plan_cannot_be_reviewed(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        with pytest.raises(PlanError):
            services.support_plan_review_request(plan=plan, reason="x", user=world.user("carer"))
        assert not Task.objects.exists()


class TestReferrals:
    def test_the_referral_loop_is_recorded(self, world):
        item = PlanItemFactory(plan=ActivePlanFactory(assessment__carer=world.carer_a))
        user = world.user("assessor")
        referral = services.service_referral_send(item=item, user=user)
        with pytest.raises(PlanError, match="already an open referral"):
            services.service_referral_send(item=item, user=user)
        today = datetime.date.today()
        for status in ("accepted", "started", "ended"):
            services.service_referral_status_update(
                referral=referral,
                version=referral.version,
                status=status,
                happened_on=today,
                user=user,
            )
        referral.refresh_from_db()
        assert referral.status == "ended"
        assert referral.ended_on == today
        assert list(
            ServiceReferralUpdate.objects.filter(referral=referral).values_list("status", flat=True)
        ) == ["sent", "accepted", "started", "ended"]

    def test_a_declined_referral_cannot_start(self, world):
        item = PlanItemFactory(plan=ActivePlanFactory(assessment__carer=world.carer_a))
        user = world.user("assessor")
        referral = services.service_referral_send(item=item, user=user)
        services.service_referral_status_update(
            referral=referral,
            version=referral.version,
            status="declined",
            happened_on=datetime.date.today(),
            user=user,
        )
        with pytest.raises(PlanError, match="cannot become started"):
            services.service_referral_status_update(
                referral=referral,
                version=referral.version,
                status="started",
                happened_on=datetime.date.today(),
                user=user,
            )

    def test_an_item_with_a_referral_cannot_be_removed(self, world):
        plan = SupportPlanFactory(assessment__carer=world.carer_a)
        item = _add(plan, service=ServiceFactory())
        services.service_referral_send(item=item, user=world.user("assessor"))
        plan.refresh_from_db()
        with pytest.raises(PlanError, match="cannot be removed"):
            services.plan_item_remove(plan=plan, version=plan.version, item=item)
