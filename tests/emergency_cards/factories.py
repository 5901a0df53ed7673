"""Emergency plans made through the service, as staff or carers would make them."""

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from emergency_cards import services
from emergency_cards.models import Availability, EmergencyPlan
from tests.factories import CaringRelationshipFactory, UserFactory


def contact(name: str = "Dee Davies", **overrides) -> services.ContactInput:
    values = {
        "name": name,
        "phone": "07700 900123",
        "availability": Availability.ANY_TIME,
        "relationship": "Daughter",
        "consents_to_contact": True,
        "consents_to_share": True,
    }
    values.update(overrides)
    return services.ContactInput(**values)


def two_contacts() -> list[services.ContactInput]:
    return [contact("Dee Davies"), contact("Eli Evans", phone="07700 900456")]


def plan_for(
    carer,
    *,
    registered_by=None,
    contacts=None,
    key_access="Key safe by the back door, code 4321",
    cared_for_link=None,
    **fields,
) -> EmergencyPlan:
    link = (
        cared_for_link
        or carer.relationships.select_related("cared_for").first()
        or CaringRelationshipFactory(carer=carer)
    )
    worker = registered_by or UserFactory(role=Role.TRIAGE_WORKER, teams=[carer.team])
    return services.plan_register(
        carer=carer,
        cared_for=link.cared_for,
        contacts=contacts if contacts is not None else two_contacts(),
        registered_by=worker,
        key_access=key_access,
        needs=fields.pop("needs", "Needs help with washing, dressing and meals"),
        **{
            "medication": "Donepezil 10mg at night",
            "medication_location": "Kitchen cupboard",
            **fields,
        },
    )


def responder_has_looked_up(responder, plan: EmergencyPlan) -> AccessEvent:
    """What a successful look-up leaves behind: it opens the plan to that responder."""
    return AccessEvent.objects.create(
        user=responder,
        role=responder.role,
        action=AccessEvent.Action.LOOKUP,
        object_type="EmergencyPlan",
        object_id=str(plan.pk),
        carer_id=plan.carer_id,
        reason="test look-up",
    )
