import datetime

from django.db.models import QuerySet
from django.utils import timezone

from assessments import conf, rules
from assessments.models import (
    Assessment,
    AssessmentAmendment,
    AssessmentStatus,
    ResourceAllocationBand,
)
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for
from triage.models import Carer


def _with_related(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return queryset.select_related("carer", "carer__team", "team", "assessor", "cared_for")


def assessment_list_visible_to(user: User) -> QuerySet[Assessment]:
    """The one scope for assessments, used by lists, detail pages and the API.

    It follows the carer scope (triage.selectors.carer_list_visible_to): casework staff
    see assessments of their teams' carers; a carer sees their own completed ones.
    """
    assessments = _with_related(Assessment.objects.all())
    if not user.is_authenticated or not user.is_active:
        return assessments.none()
    if user.role in CASEWORK_ROLES:
        return assessments.filter(carer__team_id__in=team_ids_for(user))
    if user.role == Role.CARER:
        return assessments.filter(carer__user=user, status=AssessmentStatus.COMPLETED)
    return assessments.none()


def assessment_list_for_carer(*, carer: Carer) -> QuerySet[Assessment]:
    """Every assessment of one carer, all kinds. Callers scope the carer first."""
    return _with_related(Assessment.objects.filter(carer=carer)).order_by("-started_on", "-id")


def assessment_list_for_assessor(*, user: User) -> QuerySet[Assessment]:
    return (
        assessment_list_visible_to(user)
        .filter(assessor=user)
        .order_by("status", "-started_on", "-id")
    )


def assessment_list_awaiting_approval(*, user: User) -> QuerySet[Assessment]:
    """What a team manager may approve: their own teams' assessments awaiting approval."""
    if user.role != Role.TEAM_MANAGER:
        return Assessment.objects.none()
    return (
        assessment_list_visible_to(user)
        .filter(status=AssessmentStatus.AWAITING_APPROVAL, team_id__in=team_ids_for(user))
        .order_by("submitted_for_approval_at", "id")
    )


def assessment_list_reviews_due(
    *, user: User, today: datetime.date | None = None, team_id: int | None = None
) -> QuerySet[Assessment]:
    """Completed assessments whose next review falls within the window (or is overdue)."""
    today = today or timezone.localdate()
    cutoff = today + datetime.timedelta(days=conf.reviews_due_window_days())
    due = assessment_list_visible_to(user).filter(
        status=AssessmentStatus.COMPLETED, next_review_due__lte=cutoff
    )
    if team_id is not None:
        due = due.filter(team_id=team_id)
    return due.order_by("team__name", "next_review_due", "id")


def amendment_list_for_assessment(*, assessment: Assessment) -> QuerySet[AssessmentAmendment]:
    return assessment.amendments.select_related("changed_by").order_by("-changed_at", "-id")


def allocation_band_table(*, on: datetime.date | None = None) -> list[rules.Band]:
    """The table as it stood on `on` (today if None): each band's latest row from then."""
    on = on or timezone.localdate()
    current: dict[str, ResourceAllocationBand] = {}
    for band in ResourceAllocationBand.objects.filter(effective_from__lte=on).order_by(
        "name", "-effective_from"
    ):
        current.setdefault(band.name, band)
    return [
        rules.Band(
            name=band.name,
            min_score=band.min_score,
            max_score=band.max_score,
            amount=band.amount,
            frequency=band.frequency,
        )
        for band in sorted(current.values(), key=lambda b: b.min_score)
        if band.is_active
    ]


def review_candidates_for_carer(*, carer: Carer) -> QuerySet[Assessment]:
    """Earlier completed assessments a review can look back at (declined ones hold no answers)."""
    return (
        Assessment.objects.filter(carer=carer, status=AssessmentStatus.COMPLETED)
        .exclude(kind="declined")
        .order_by("-completed_on", "-id")
    )
