"""A carer's emergency plan: registering it, changing it, and its card's life
(rules.TRANSITIONS says what each status allows)."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.versioning import save_versioned
from emergency_cards import rules
from emergency_cards.models import (
    ClosureReason,
    EmergencyCard,
    EmergencyContact,
    EmergencyPlan,
    PlanStatus,
    ReviewStatus,
)
from notifications.models import MessageKind
from triage.messages import carer_message_queue
from triage.models import CaredForPerson, Carer

# The plan's own fields that registration and editing may set.
PLAN_FIELDS = (
    "needs",
    "routine",
    "likes_and_dislikes",
    "medication",
    "medication_location",
    "mobility_aids",
    "gp_details",
    "professionals",
    "other_care",
    "alternative_arrangements",
)


@dataclass(frozen=True)
class ContactInput:
    name: str
    phone: str
    availability: str
    relationship: str = ""
    availability_notes: str = ""
    consents_to_contact: bool = False
    consents_to_share: bool = False


def _check_contacts(contacts: list[ContactInput], *, plan_active: bool) -> None:
    result = rules.contacts_check(
        [
            rules.ContactFacts(
                name=c.name or "A contact",
                consents_to_contact=c.consents_to_contact,
                consents_to_share=c.consents_to_share,
            )
            for c in contacts
        ],
        plan_active=plan_active,
    )
    if not result.ok:
        raise ValidationError({"contacts": result.reasons})


def _save_contacts(
    *,
    plan: EmergencyPlan,
    contacts: list[ContactInput],
    consent_confirmed: dict[int, datetime.date] | None = None,
) -> None:
    """Replace the plan's contacts. `consent_confirmed` names the contacts (by order) whose
    consent was given again, and the day: a contact the carer changed or added."""
    today = timezone.localdate()
    consent_confirmed = consent_confirmed or {}
    previous = {c.order: c for c in plan.contacts.all()}
    plan.contacts.all().delete()
    for order, data in enumerate(contacts, start=1):
        old = previous.get(order)
        unchanged_consent = (
            old is not None
            and old.name == data.name
            and old.consents_to_contact == data.consents_to_contact
            and old.consents_to_share == data.consents_to_share
        )
        # Keeps the date consent was first given unless it was given again.
        recorded_on = (
            old.consent_recorded_on
            if unchanged_consent
            else (today if data.consents_to_contact and data.consents_to_share else None)
        )
        contact = EmergencyContact(
            plan=plan,
            order=order,
            name=data.name.strip(),
            relationship=data.relationship.strip(),
            phone=data.phone.strip(),
            availability=data.availability,
            availability_notes=data.availability_notes.strip(),
            consents_to_contact=data.consents_to_contact,
            consents_to_share=data.consents_to_share,
            consent_recorded_on=consent_confirmed.get(order, recorded_on),
        )
        contact.full_clean(exclude=["plan"])
        contact.save()


def card_number_generate() -> str:
    """Random digits from `secrets` plus a check digit: one card says nothing about another."""
    payload_length = rules.CARD_NUMBER_LENGTH - 1
    # A leading digit of 1-9 keeps the number the same length however it is stored or typed.
    payload = str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(payload_length - 1)
    )
    return rules.card_number_from_payload(payload)


def _card_message(card: EmergencyCard, *, reissued: bool) -> None:
    # The number goes by email or letter only; notifications.rules keeps it out of texts.
    kind = MessageKind.CARD_REISSUED if reissued else MessageKind.CARD_ISSUED
    carer_message_queue(
        carer=card.plan.carer,
        kind=kind,
        key=f"{kind}:{card.pk}",
        personalisation={
            "card_number": card.card_number,
            "emergency_number": settings.EMERGENCY_RESPONSE_NUMBER,
        },
    )


def _card_issue(*, plan: EmergencyPlan, on: datetime.date) -> EmergencyCard:
    for _attempt in range(20):
        number = card_number_generate()
        if EmergencyCard.objects.filter(card_number=number).exists():
            continue
        card = EmergencyCard(plan=plan, card_number=number, issued_on=on)
        card.full_clean(exclude=["plan"])
        try:
            with transaction.atomic():
                card.save()
        except IntegrityError:
            continue
        _card_message(card, reissued=plan.cards.exclude(pk=card.pk).exists())
        return card
    raise RuntimeError("Could not find an unused card number")  # pragma: no cover


@transaction.atomic
def plan_register(
    *,
    carer: Carer,
    cared_for: CaredForPerson,
    contacts: list[ContactInput],
    registered_by: User,
    key_access: str = "",
    **plan_fields: str,
) -> EmergencyPlan:
    """Register a carer on the scheme: the plan, its contacts and a first card."""
    unknown = set(plan_fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if not carer.relationships.filter(cared_for=cared_for).exists():
        raise ValidationError({"cared_for": ["Choose a person this carer cares for"]})
    _check_contacts(contacts, plan_active=True)
    today = timezone.localdate()
    plan = EmergencyPlan(
        carer=carer,
        cared_for=cared_for,
        key_access=key_access.strip(),
        issued_on=today,
        confirmed_on=today,
        review_due=rules.review_due_on(today),
        registered_by=registered_by,
        **{name: (value or "").strip() for name, value in plan_fields.items()},
    )
    plan.full_clean()
    plan.save()
    _save_contacts(plan=plan, contacts=contacts)
    _card_issue(plan=plan, on=today)
    return plan


# Plans are validated without their links: carer, cared-for person and registering worker
# are fixed at registration, so re-checking them would only cost queries.
PLAN_CLEAN_EXCLUDE = ("carer", "cared_for", "registered_by")


def _save_plan(*, plan: EmergencyPlan, version: int, **changes) -> EmergencyPlan:
    return save_versioned(plan, version=version, changes=changes, clean_exclude=PLAN_CLEAN_EXCLUDE)


def plan_action_allowed(plan: EmergencyPlan, action: str) -> rules.Transition:
    """The plan's status allows `action` (rules.TRANSITIONS), else the refusal as an error."""
    result = rules.transition_check(action=action, status=plan.status)
    if not result.ok:
        raise ValidationError(result.reasons[0])
    return rules.TRANSITIONS_BY_ACTION[action]


@transaction.atomic
def plan_update(
    *,
    plan: EmergencyPlan,
    version: int,
    contacts: list[ContactInput],
    key_access: str | None = None,
    **plan_fields: str,
) -> EmergencyPlan:
    """Change a plan. `key_access=None` keeps what is recorded (staff never see it to retype)."""
    unknown = set(plan_fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    plan_action_allowed(plan, "edit")
    _check_contacts(contacts, plan_active=plan.status == PlanStatus.ACTIVE)
    changes = {name: (value or "").strip() for name, value in plan_fields.items()}
    if key_access is not None:
        changes["key_access"] = key_access.strip()
    plan = _save_plan(plan=plan, version=version, **changes)
    _save_contacts(plan=plan, contacts=contacts)
    return plan


@transaction.atomic
def plan_contacts_update(
    *,
    plan: EmergencyPlan,
    version: int,
    contacts: list[ContactInput],
    consent_confirmed: dict[int, datetime.date],
) -> EmergencyPlan:
    """Change only the plan's contacts: a change the carer asked for, accepted by a worker.

    `consent_confirmed` is when the carer confirmed each changed or new contact had agreed
    (by order); the other contacts keep the day their consent was recorded.
    """
    plan_action_allowed(plan, "edit")
    _check_contacts(contacts, plan_active=plan.status == PlanStatus.ACTIVE)
    plan = _save_plan(plan=plan, version=version)
    _save_contacts(plan=plan, contacts=contacts, consent_confirmed=consent_confirmed)
    return plan


@transaction.atomic
def card_reissue(*, plan: EmergencyPlan, version: int, reason: str) -> EmergencyCard:
    """A lost or stolen card: the old number stops working at once and a new one is issued."""
    plan_action_allowed(plan, "reissue")
    _save_plan(plan=plan, version=version)
    today = timezone.localdate()
    EmergencyCard.objects.filter(plan=plan, status=EmergencyCard.Status.ACTIVE).update(
        status=EmergencyCard.Status.REPLACED, replaced_on=today, replacement_reason=reason[:255]
    )
    return _card_issue(plan=plan, on=today)


@transaction.atomic
def plan_suspend(*, plan: EmergencyPlan, version: int, notes: str) -> EmergencyPlan:
    transition = plan_action_allowed(plan, "suspend")
    return _save_plan(
        plan=plan, version=version, status=transition.target, status_notes=notes.strip()
    )


@transaction.atomic
def plan_reinstate(*, plan: EmergencyPlan, version: int) -> EmergencyPlan:
    transition = plan_action_allowed(plan, "reinstate")
    # Back in use means a responder may phone the contacts again: they must still consent.
    _check_contacts(_contact_inputs(plan), plan_active=True)
    return _save_plan(
        plan=plan, version=version, status=transition.target, status_reason="", status_notes=""
    )


@transaction.atomic
def plan_close(*, plan: EmergencyPlan, version: int, reason: str, notes: str = "") -> EmergencyPlan:
    transition = plan_action_allowed(plan, "close")
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": ["Select why the card is being closed"]})
    return _save_plan(
        plan=plan,
        version=version,
        status=transition.target,
        status_reason=reason,
        status_notes=notes.strip(),
    )


@transaction.atomic
def plan_confirm(*, plan: EmergencyPlan, version: int) -> EmergencyPlan:
    """The annual re-confirmation: the plan is still right, so the next review is a year on."""
    plan_action_allowed(plan, "confirm")
    today = timezone.localdate()
    return _save_plan(
        plan=plan,
        version=version,
        confirmed_on=today,
        review_due=rules.review_due_on(today),
        review_status=ReviewStatus.CURRENT,
        expiry_flagged_on=None,
    )


def _contact_inputs(plan: EmergencyPlan) -> list[ContactInput]:
    return [
        ContactInput(
            name=c.name,
            phone=c.phone,
            availability=c.availability,
            consents_to_contact=c.consents_to_contact,
            consents_to_share=c.consents_to_share,
        )
        for c in plan.contacts.all()
    ]
