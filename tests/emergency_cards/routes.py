from carers_portal.accounts.roles import Role
from emergency_cards import services
from tests.emergency_cards.factories import plan_for, responder_has_looked_up
from tests.factories import CaringRelationshipFactory
from tests.routes import CASEWORK, Route

CARER = frozenset({Role.CARER.value})
RESPONDER = frozenset({Role.RESPONDER.value})
REPRESENTATIVE = frozenset({Role.REPRESENTATIVE.value})


def routes(world) -> list[Route]:
    from tests.online_accounts.factories import acting_for

    acting_for(world)  # the world's representative may read carer A's card
    CaringRelationshipFactory(carer=world.carer_a)
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    responder_has_looked_up(world.user("responder"), plan)
    suspended = plan_for(
        world.carer_a,
        registered_by=world.user("triage_worker"),
        cared_for_link=CaringRelationshipFactory(carer=world.carer_a),
    )
    services.plan_suspend(plan=suspended, version=suspended.version, notes="In hospital")
    carer_id = {"carer_id": world.carer_a.pk}
    plan_id = {"plan_id": plan.pk}
    return [
        Route("emergency_cards:plan-list", CASEWORK),
        Route("emergency_cards:carer-cards", CASEWORK, kwargs=carer_id),
        Route("emergency_cards:plan-register", CASEWORK, kwargs=carer_id),
        Route("emergency_cards:plan-detail", CASEWORK, kwargs=plan_id),
        Route("emergency_cards:plan-edit", CASEWORK, kwargs=plan_id),
        Route("emergency_cards:plan-reissue", CASEWORK, kwargs=plan_id),
        Route("emergency_cards:plan-suspend", CASEWORK, kwargs=plan_id),
        Route("emergency_cards:plan-reinstate", CASEWORK, kwargs={"plan_id": suspended.pk}),
        Route("emergency_cards:plan-close", CASEWORK, kwargs=plan_id),
        Route("emergency_cards:plan-confirm", CASEWORK | CARER, kwargs=plan_id),
        Route("emergency_cards:card-pdf", CASEWORK | CARER, kwargs=plan_id),
        Route("emergency_cards:activation-create", CASEWORK | RESPONDER, kwargs=plan_id),
        Route("emergency_cards:lookup", RESPONDER),
        Route("emergency_cards:lookup-plan", RESPONDER, kwargs=plan_id),
        Route("emergency_cards:my", CARER),
        Route("emergency_cards:my-register", CARER),
        Route("emergency_cards:my-plan", CARER, kwargs=plan_id),
        Route("emergency_cards:acting-for-plan", REPRESENTATIVE, kwargs=plan_id),
        Route("emergency_cards:my-contacts", CARER, kwargs=plan_id),
        Route("emergency_cards:my-contact", CARER, kwargs={**plan_id, "slot": 1}),
        Route("emergency_cards:my-contacts-check", CARER, kwargs=plan_id),
        Route("api:emergency-card-list", CASEWORK, api=True),
        Route("api:emergency-card-detail", CASEWORK, kwargs={"pk": plan.pk}, api=True),
    ]
