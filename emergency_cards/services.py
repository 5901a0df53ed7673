import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent, User
from carers_portal.accounts.services import access_event_record
from emergency_cards import rules
from emergency_cards.models import (
    Activation,
    ClosureReason,
    ContactAttempt,
    EmergencyCard,
    EmergencyContact,
    EmergencyPlan,
    FailedLookup,
    PlanStatus,
    ReviewStatus,
)
from notifications.models import MessageKind
from triage.messages import carer_message_queue
from triage.models import CaredForPerson, Carer, TaskKind
from triage.services import task_create

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


class ConflictError(Exception):
    """Someone else saved the record after this user read it."""


class LookupRefused(Exception):
    """A responder's look-up found no card in use. `kind` says why, `message` what to tell them."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class ContactInput:
    name: str
    phone: str
    availability: str
    relationship: str = ""
    availability_notes: str = ""
    consents_to_contact: bool = False
    consents_to_share: bool = False


@dataclass(frozen=True)
class AttemptInput:
    contact_id: int | None
    contact_name: str
    answer: str


def free_replacement_hours() -> int:
    return int(
        getattr(settings, "EMERGENCY_FREE_REPLACEMENT_HOURS", rules.DEFAULT_FREE_REPLACEMENT_HOURS)
    )


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


def _save_contacts(*, plan: EmergencyPlan, contacts: list[ContactInput]) -> None:
    today = timezone.localdate()
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
            # Keeps the date consent was first given unless it was given again.
            consent_recorded_on=(
                old.consent_recorded_on
                if unchanged_consent
                else (today if data.consents_to_contact and data.consents_to_share else None)
            ),
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
    _check_contacts(contacts, plan_active=plan.status == PlanStatus.ACTIVE)
    changes = {name: (value or "").strip() for name, value in plan_fields.items()}
    if key_access is not None:
        changes["key_access"] = key_access.strip()
    candidate = EmergencyPlan(**{**_plan_values(plan), **changes})
    candidate.full_clean(exclude=["carer", "cared_for", "registered_by"])
    updated = EmergencyPlan.objects.filter(pk=plan.pk, version=version).update(
        **changes, version=version + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise ConflictError
    plan.refresh_from_db()
    _save_contacts(plan=plan, contacts=contacts)
    return plan


def _plan_values(plan: EmergencyPlan) -> dict:
    return {
        f.attname: getattr(plan, f.attname)
        for f in EmergencyPlan._meta.concrete_fields
        if not f.primary_key
    }


def _versioned_update(*, plan: EmergencyPlan, version: int, **changes) -> EmergencyPlan:
    updated = EmergencyPlan.objects.filter(pk=plan.pk, version=version).update(
        **changes, version=version + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise ConflictError
    plan.refresh_from_db()
    return plan


@transaction.atomic
def card_reissue(*, plan: EmergencyPlan, version: int, reason: str) -> EmergencyCard:
    """A lost or stolen card: the old number stops working at once and a new one is issued."""
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError("A closed plan cannot have a new card")
    _versioned_update(plan=plan, version=version)
    today = timezone.localdate()
    EmergencyCard.objects.filter(plan=plan, status=EmergencyCard.Status.ACTIVE).update(
        status=EmergencyCard.Status.REPLACED, replaced_on=today, replacement_reason=reason[:255]
    )
    return _card_issue(plan=plan, on=today)


@transaction.atomic
def plan_suspend(*, plan: EmergencyPlan, version: int, notes: str) -> EmergencyPlan:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError("Only an active card can be suspended")
    return _versioned_update(
        plan=plan, version=version, status=PlanStatus.SUSPENDED, status_notes=notes.strip()
    )


@transaction.atomic
def plan_reinstate(*, plan: EmergencyPlan, version: int) -> EmergencyPlan:
    if plan.status != PlanStatus.SUSPENDED:
        raise ValidationError("Only a suspended card can be put back in use")
    _check_contacts(_contact_inputs(plan), plan_active=True)
    return _versioned_update(
        plan=plan, version=version, status=PlanStatus.ACTIVE, status_reason="", status_notes=""
    )


@transaction.atomic
def plan_close(*, plan: EmergencyPlan, version: int, reason: str, notes: str = "") -> EmergencyPlan:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError("This card is already closed")
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": ["Select why the card is being closed"]})
    return _versioned_update(
        plan=plan,
        version=version,
        status=PlanStatus.CLOSED,
        status_reason=reason,
        status_notes=notes.strip(),
    )


@transaction.atomic
def plan_confirm(*, plan: EmergencyPlan, version: int) -> EmergencyPlan:
    """The annual re-confirmation: the plan is still right, so the next review is a year on."""
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError("A closed plan cannot be confirmed")
    today = timezone.localdate()
    return _versioned_update(
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


# --- Responder look-up ---------------------------------------------------------------


def _recent_failures(user: User) -> int:
    since = timezone.now() - rules.LOOKUP_FAILURE_WINDOW
    return FailedLookup.objects.filter(user=user, attempted_at__gte=since).count()


def card_lookup(*, request: HttpRequest, card_number: str, reason: str) -> EmergencyPlan:
    """A responder quotes a card number. Every look-up, found or not, is recorded.

    Raises LookupRefused with kind "throttled", "invalid", "unknown" or "not_in_use".
    """
    user = request.user
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why you are looking up this card"]})
    throttle = rules.lookup_throttled(recent_failures=_recent_failures(user))
    if not throttle.ok:
        raise LookupRefused("throttled", throttle.reasons[0])
    check = rules.card_number_check(card_number)
    number = rules.normalise_card_number(card_number)
    if not check.ok:
        _lookup_failed(user=user, kind="invalid")
        raise LookupRefused("invalid", check.reasons[0])
    card = (
        EmergencyCard.objects.select_related("plan", "plan__carer")
        .filter(card_number=number)
        .first()
    )
    if card is None:
        _lookup_failed(user=user, kind="unknown")
        raise LookupRefused("unknown", "No card has that number. Check the number with the caller.")
    plan = card.plan
    if card.status != EmergencyCard.Status.ACTIVE or plan.status != PlanStatus.ACTIVE:
        _lookup_failed(user=user, kind="not_in_use")
        why = (
            "it has been replaced by a new card"
            if card.status != EmergencyCard.Status.ACTIVE
            else f"it is {plan.get_status_display().lower()}"
        )
        raise LookupRefused(
            "not_in_use",
            f"This card is not in use: {why}. Call the Emergency Duty Team if the person "
            "needs care now.",
        )
    access_event_record(
        request=request,
        obj=plan,
        carer_id=plan.carer_id,
        action=AccessEvent.Action.LOOKUP,
        reason=f"Card {card.formatted_number}: {reason.strip()}",
    )
    return plan


def _lookup_failed(*, user: User, kind: str) -> None:
    # Outside any transaction the caller might roll back: the failure must be counted.
    FailedLookup.objects.create(user=user, reason=kind)
    # Only the last few minutes matter; older rows are dropped so the table stays small.
    FailedLookup.objects.filter(
        user=user, attempted_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()


# --- Activations ----------------------------------------------------------------------


@transaction.atomic
def activation_record(
    *,
    plan: EmergencyPlan,
    recorded_by: User,
    occurred_at: datetime.datetime,
    caller_name: str,
    caller_type: str,
    what_happened: str,
    outcome: str,
    attempts: list[AttemptInput],
    details: str = "",
    replacement_care_arranged: bool = False,
    replacement_care_provider: str = "",
    replacement_care_hours: Decimal = Decimal("0"),
) -> Activation:
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(
            {"occurred_at": ["The date and time of the call must be in the past"]}
        )
    if replacement_care_arranged and replacement_care_hours <= 0:
        raise ValidationError(
            {"replacement_care_hours": ["Enter how many hours of replacement care were arranged"]}
        )
    if not replacement_care_arranged:
        replacement_care_hours = Decimal("0")
        replacement_care_provider = ""
    review = rules.replacement_care_review(
        hours=replacement_care_hours, free_hours=free_replacement_hours()
    )
    activation = Activation(
        plan=plan,
        recorded_by=recorded_by,
        occurred_at=occurred_at,
        caller_name=caller_name.strip(),
        caller_type=caller_type,
        what_happened=what_happened,
        details=details.strip(),
        outcome=outcome.strip(),
        replacement_care_arranged=replacement_care_arranged,
        replacement_care_provider=replacement_care_provider.strip(),
        replacement_care_hours=replacement_care_hours,
        needs_practitioner_review=not review.ok,
    )
    activation.full_clean()
    activation.save()
    plan_contact_ids = set(plan.contacts.values_list("id", flat=True))
    for order, attempt in enumerate(attempts, start=1):
        if attempt.contact_id is not None and attempt.contact_id not in plan_contact_ids:
            raise ValidationError("That contact is not on this plan")
        row = ContactAttempt(
            activation=activation,
            order=order,
            contact_id=attempt.contact_id,
            contact_name=attempt.contact_name,
            answer=attempt.answer,
        )
        row.full_clean(exclude=["activation", "contact"])
        row.save()
    return activation


# --- Annual review ----------------------------------------------------------------------


def _team_worklist_task(plan: EmergencyPlan) -> None:
    """Put an overdue plan on the carer's team's worklist."""
    task_create(
        kind=TaskKind.EMERGENCY_PLAN_REVIEW,
        title=f"Emergency plan review overdue: {plan.carer.full_name}",
        team=plan.carer.team,
        carer=plan.carer,
        due_on=plan.review_due,
    )


@transaction.atomic
def plans_mark_due_for_review(*, today: datetime.date | None = None) -> dict[str, int]:
    """Nightly: set each active plan's review status; flag newly overdue plans once.

    Idempotent: running it twice on the same day changes nothing the second time.
    """
    today = today or timezone.localdate()
    notice_from = today + datetime.timedelta(days=rules.REVIEW_NOTICE_DAYS)
    active = EmergencyPlan.objects.filter(status=PlanStatus.ACTIVE)
    counts = {
        "due": active.filter(review_due__gt=today, review_due__lte=notice_from)
        .exclude(review_status=ReviewStatus.DUE)
        .update(review_status=ReviewStatus.DUE),
        "expired": active.filter(review_due__lte=today)
        .exclude(review_status=ReviewStatus.EXPIRED)
        .update(review_status=ReviewStatus.EXPIRED),
        "current": active.filter(review_due__gt=notice_from)
        .exclude(review_status=ReviewStatus.CURRENT)
        .update(review_status=ReviewStatus.CURRENT),
        "flagged": 0,
    }
    to_flag = (
        active.filter(review_status=ReviewStatus.EXPIRED, expiry_flagged_on__isnull=True)
        .select_related("carer", "carer__team")
        .select_for_update(of=("self",))
    )
    for plan in to_flag:
        _team_worklist_task(plan)
        # Marked one by one, inside the same transaction as its worklist task.
        EmergencyPlan.objects.filter(pk=plan.pk).update(expiry_flagged_on=today)
        counts["flagged"] += 1
    return counts
