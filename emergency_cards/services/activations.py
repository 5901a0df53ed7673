"""Recording an emergency against a card in use, with the contacts tried in order."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import User
from emergency_cards import rules
from emergency_cards.models import Activation, ContactAttempt, EmergencyPlan
from emergency_cards.services.plans import plan_action_allowed


@dataclass(frozen=True)
class AttemptInput:
    contact_id: int | None
    contact_name: str
    answer: str


def free_replacement_hours() -> int:
    return int(
        getattr(settings, "EMERGENCY_FREE_REPLACEMENT_HOURS", rules.DEFAULT_FREE_REPLACEMENT_HOURS)
    )


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
    plan_action_allowed(plan, "record_emergency")
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
