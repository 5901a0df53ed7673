from carers_portal.accounts.roles import Role
from tests.routes import CASEWORK, Route
from tests.support_plans.factories import (
    ActivePlanFactory,
    EligibleAssessmentFactory,
    PlanItemFactory,
    ServiceFactory,
)

EDITORS = frozenset({Role.ASSESSOR.value, Role.TEAM_MANAGER.value})
CARER = frozenset({Role.CARER.value})
REPRESENTATIVE = frozenset({Role.REPRESENTATIVE.value})


def routes(world) -> list[Route]:
    from support_plans.services import service_referral_send
    from tests.online_accounts.factories import acting_for

    acting_for(world)  # the world's representative may read carer A's plan

    assessment = EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    draft_item = PlanItemFactory(plan__assessment=assessment)
    draft = draft_item.plan
    active = ActivePlanFactory(assessment=assessment)
    active_item = PlanItemFactory(plan=active)
    referral = service_referral_send(item=active_item, user=world.user("assessor"))
    service = ServiceFactory()
    plan = {"plan_id": draft.pk}
    return [
        Route("support_plans:plan-list", CASEWORK),
        Route("support_plans:assessment-list", EDITORS),
        Route("support_plans:plan-create", EDITORS, kwargs={"assessment_id": assessment.pk}),
        Route("support_plans:plan-detail", CASEWORK, kwargs=plan),
        Route("support_plans:plan-edit", EDITORS, kwargs=plan),
        Route("support_plans:service-search", EDITORS, kwargs=plan),
        Route("support_plans:item-add", EDITORS, kwargs=plan, query=f"service={service.pk}"),
        Route(
            "support_plans:item-remove",
            EDITORS,
            kwargs={"plan_id": draft.pk, "item_id": draft_item.pk},
        ),
        Route(
            "support_plans:referral-create",
            EDITORS,
            kwargs={"plan_id": draft.pk, "item_id": draft_item.pk},
        ),
        Route("support_plans:plan-agreement", EDITORS, kwargs=plan),
        Route("support_plans:plan-agree-start", EDITORS, kwargs=plan),
        Route("support_plans:plan-status", EDITORS, kwargs=plan),
        Route("support_plans:plan-pdf", CASEWORK, kwargs=plan),
        Route("support_plans:referral-detail", CASEWORK, kwargs={"referral_id": referral.pk}),
        Route("support_plans:my-plans", CARER),
        Route("support_plans:my-plan", CARER, kwargs={"plan_id": active.pk}),
        Route("support_plans:my-plan-pdf", CARER, kwargs={"plan_id": active.pk}),
        Route("support_plans:my-plan-review", CARER, kwargs={"plan_id": active.pk}),
        # Read-only for someone acting for the carer; any write method is 404 too.
        Route("support_plans:acting-for-plan", REPRESENTATIVE, kwargs={"plan_id": active.pk}),
        Route("api:support-plan-list", CASEWORK | CARER, api=True),
        Route("api:support-plan-detail", CASEWORK | CARER, kwargs={"pk": active.pk}, api=True),
    ]
