"""The 24-hour responder's look-up by card number: every attempt is recorded, failures
are counted so card numbers cannot be guessed."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from carers_portal import ratelimit
from carers_portal.accounts.models import AccessEvent, User
from carers_portal.accounts.services import access_event_record
from emergency_cards import rules
from emergency_cards.models import EmergencyCard, EmergencyPlan, FailedLookup, PlanStatus


class LookupRefused(Exception):
    """A responder's look-up found no card in use. `kind` says why, `message` what to tell them."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _lookup_identities(request: HttpRequest) -> list[str]:
    # Per person and per address: one responder, or one machine signed in as several
    # accounts, can only guess so many numbers.
    return [f"user:{request.user.pk}", f"ip:{ratelimit.client_address(request)}"]


def _reserve_lookup(request: HttpRequest) -> int:
    """Counts this look-up as a failure up front, atomically, so parallel guesses each see
    their own count; a look-up that finds a card gives its slot back."""
    window = int(rules.LOOKUP_FAILURE_WINDOW.total_seconds())
    counts = [
        ratelimit.hit(scope="card-lookup", identity=identity, window=window)
        for identity in _lookup_identities(request)
    ]
    return max(counts) - 1


def _release_lookup(request: HttpRequest) -> None:
    window = int(rules.LOOKUP_FAILURE_WINDOW.total_seconds())
    for identity in _lookup_identities(request):
        ratelimit.release(scope="card-lookup", identity=identity, window=window)


def card_lookup(*, request: HttpRequest, card_number: str, reason: str) -> EmergencyPlan:
    """A responder quotes a card number. Every look-up, found or not, is recorded.

    Raises LookupRefused with kind "throttled", "invalid", "unknown" or "not_in_use".
    """
    user = request.user
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why you are looking up this card"]})
    throttle = rules.lookup_throttled(recent_failures=_reserve_lookup(request))
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
    _release_lookup(request)
    return plan


def _lookup_failed(*, user: User, kind: str) -> None:
    # Outside any transaction the caller might roll back: the failure must be counted.
    FailedLookup.objects.create(user=user, reason=kind)
    # Only the last few minutes matter; older rows are dropped so the table stays small.
    FailedLookup.objects.filter(
        user=user, attempted_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()
