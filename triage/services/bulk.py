"""Assigning several referrals from the queue at once, with one reason for all of them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import EditConflict
from triage.models import Referral
from triage.services.referrals import referral_assign


@dataclass(frozen=True)
class BulkAssignResult:
    assigned: list[Referral]
    changed_meanwhile: list[Referral]


def referrals_assign_many(
    *,
    referrals: list[tuple[Referral, int]],
    team: Team,
    assigned_to: User | None,
    reason: str,
) -> BulkAssignResult:
    """Each is version-checked on its own: one that someone changed meanwhile is left as it
    is and reported, without undoing the rest."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are assigning these referrals"})
    assigned, changed = [], []
    for referral, version in referrals:
        try:
            with transaction.atomic():
                assigned.append(
                    referral_assign(
                        referral=referral,
                        version=version,
                        team=team,
                        assigned_to=assigned_to,
                        reason=reason,
                    )
                )
        except EditConflict:
            changed.append(referral)
    return BulkAssignResult(assigned=assigned, changed_meanwhile=changed)
