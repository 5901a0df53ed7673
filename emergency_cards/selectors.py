import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent, User
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for
from emergency_cards import rules
from emergency_cards.models import (
    Activation,
    EmergencyCard,
    EmergencyPlan,
    PlanStatus,
    WhatHappened,
)
from online_accounts.selectors import carer_ids_acted_for
from triage.models import Carer
from triage.restrictions import exclude_restricted
from triage.selectors import carer_list_visible_to

# A responder keeps the plan they looked up open for the length of one emergency shift.
RESPONDER_ACCESS_WINDOW = datetime.timedelta(hours=24)


def _plans() -> QuerySet[EmergencyPlan]:
    return EmergencyPlan.objects.select_related(
        "carer", "carer__team", "cared_for"
    ).prefetch_related(
        Prefetch("cards", queryset=EmergencyCard.objects.order_by("-issued_on", "-id")),
        "contacts",
    )


def responder_plan_ids(user: User) -> QuerySet:
    since = timezone.now() - RESPONDER_ACCESS_WINDOW
    return AccessEvent.objects.filter(
        user=user,
        action=AccessEvent.Action.LOOKUP,
        object_type=EmergencyPlan.__name__,
        occurred_at__gte=since,
    ).values_list("object_id", flat=True)


def plan_list_visible_to(user: User) -> QuerySet[EmergencyPlan]:
    """The one scope for emergency plans, cards and activations.

    Casework staff see their teams' carers' plans; a carer sees their own, and someone acting
    for them all but the closed ones; a responder sees
    only plans they have looked up by card number in the last 24 hours; others none.
    """
    plans = _plans()
    if not user.is_authenticated or not user.is_active:
        return plans.none()
    if user.role in CASEWORK_ROLES:
        return exclude_restricted(
            plans.filter(carer__team_id__in=team_ids_for(user)), user, "carer_id"
        )
    if user.role == Role.CARER:
        return plans.filter(carer__user=user)
    if user.role == Role.REPRESENTATIVE:
        # Someone acting for the carer, while their access lasts; closed plans are history.
        return plans.filter(carer_id__in=carer_ids_acted_for(user)).exclude(
            status=PlanStatus.CLOSED
        )
    if user.role == Role.RESPONDER:
        ids = [int(i) for i in responder_plan_ids(user) if str(i).isdigit()]
        return plans.filter(pk__in=ids, status=PlanStatus.ACTIVE)
    return plans.none()


def activation_list_visible_to(user: User) -> QuerySet[Activation]:
    return (
        Activation.objects.filter(plan__in=plan_list_visible_to(user).values("pk"))
        .select_related("plan", "plan__carer", "recorded_by")
        .prefetch_related("attempts")
    )


def plan_review_list_visible_to(user: User, *, today: datetime.date | None = None):
    """Active plans due for review (or overdue) in the user's scope, most urgent first."""
    today = today or timezone.localdate()
    notice_until = today + datetime.timedelta(days=rules.REVIEW_NOTICE_DAYS)
    return (
        plan_list_visible_to(user)
        .filter(status=PlanStatus.ACTIVE, review_due__lte=notice_until)
        .order_by("review_due", "id")
    )


def carer_for_emergency_card(*, user: User, carer_id: int) -> Carer:
    return get_object_or_404(
        carer_list_visible_to(user).prefetch_related("relationships__cared_for"), pk=carer_id
    )


def own_carer_record(user: User) -> Carer | None:
    return carer_list_visible_to(user).prefetch_related("relationships__cared_for").first()


def carer_search(*, user: User, query: str) -> QuerySet[Carer]:
    carers = carer_list_visible_to(user)
    for word in query.split()[:4]:
        carers = carers.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return carers.annotate(plan_count=Count("emergency_plans"))


def plans_for_carer(*, user: User, carer_id: int) -> QuerySet[EmergencyPlan]:
    return plan_list_visible_to(user).filter(carer_id=carer_id)


def emergency_card_summary_for_carer(*, carer_id: int) -> dict:
    """A short summary for the carer's record page. The caller has already scoped the carer.

    Returns {"plans": [...], "has_active_card": bool, "activation_count": int}.
    """
    plans = list(
        _plans()
        .filter(carer_id=carer_id)
        .annotate(activation_count=Count("activations"))
        .order_by("-issued_on", "-id")
    )
    today = timezone.localdate()
    summary = []
    for plan in plans:
        card = plan.current_card
        state, reason = rules.review_state(review_due=plan.review_due, today=today)
        summary.append(
            {
                "id": plan.pk,
                "cared_for": str(plan.cared_for),
                "status": plan.status,
                "status_label": plan.get_status_display(),
                "card_number": card.formatted_number if card else "",
                "review_due": plan.review_due,
                "review_state": state if plan.status == PlanStatus.ACTIVE else "",
                "review_reason": reason,
                "activation_count": plan.activation_count,
            }
        )
    return {
        "carer_id": carer_id,
        "plans": summary,
        "has_active_card": any(p["status"] == PlanStatus.ACTIVE for p in summary),
        "activation_count": sum(p["activation_count"] for p in summary),
    }


def activation_figures(*, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Activation figures for reporting, aggregated in SQL; both dates are inclusive.

    {"count", "hospital_admissions", "replacement_care_hours", "needing_review",
     "by_month": [{"month": date, "count", "hospital_admissions", "replacement_care_hours"}]}
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    activations = Activation.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    measures = {
        "count": Count("id"),
        "hospital_admissions": Count("id", filter=Q(what_happened=WhatHappened.HOSPITAL_ADMISSION)),
        "replacement_care_hours": Sum("replacement_care_hours"),
    }
    totals = activations.aggregate(
        **measures, needing_review=Count("id", filter=Q(needs_practitioner_review=True))
    )
    by_month = (
        activations.annotate(month=TruncMonth("occurred_at", tzinfo=tz))
        .values("month")
        .annotate(**measures)
        .order_by("month")
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "count": totals["count"],
        "hospital_admissions": totals["hospital_admissions"],
        "replacement_care_hours": totals["replacement_care_hours"] or Decimal("0"),
        "needing_review": totals["needing_review"],
        "by_month": [
            {
                "month": row["month"].date(),
                "count": row["count"],
                "hospital_admissions": row["hospital_admissions"],
                "replacement_care_hours": row["replacement_care_hours"] or Decimal("0"),
            }
            for row in by_month
        ],
    }


def carer_ids_for_card_number(user: User, query: str) -> QuerySet | None:
    """For staff search: the carer whose card (current or replaced) has this number.

    None unless the query is a whole card number; the caller scopes carers to the user.
    """
    number = rules.normalise_card_number(query)
    if not (number.isdigit() and len(number) == rules.CARD_NUMBER_LENGTH):
        return None
    return EmergencyCard.objects.filter(card_number=number).values_list("plan__carer_id", flat=True)
