"""Reads for support plans. Lists, detail pages, PDFs and the API all start from
`support_plan_list_visible_to`."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, EligibilityOutcome
from assessments.selectors import assessment_list_visible_to
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for
from online_accounts.selectors import carer_ids_acted_for
from services_directory import selectors as directory
from services_directory.models import Contact, Phone, Service
from support_plans.models import (
    PlanItem,
    PlanStatus,
    ServiceReferral,
    ServiceReferralUpdate,
    SupportPlan,
)
from triage.models import Carer, Task, TaskKind, TaskStatus
from triage.restrictions import exclude_restricted

# A draft has not been agreed with the carer, so it is not yet theirs to see.
CARER_VISIBLE_STATUSES = (
    PlanStatus.AGREED,
    PlanStatus.ACTIVE,
    PlanStatus.UNDER_REVIEW,
    PlanStatus.CLOSED,
)

ZERO = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))


def support_plan_list_visible_to(user: User) -> QuerySet[SupportPlan]:
    """THE scope for support plans. It follows the carer scope
    (triage.selectors.carer_list_visible_to): casework staff see plans of their teams'
    carers; a carer sees their own plans once agreed, and so does someone acting for them;
    everyone else sees none."""
    plans = SupportPlan.objects.select_related("carer", "team")
    if not user.is_authenticated or not user.is_active:
        return plans.none()
    if user.role in CASEWORK_ROLES:
        return exclude_restricted(
            plans.filter(carer__team_id__in=team_ids_for(user)), user, "carer_id"
        )
    if user.role == Role.CARER:
        return plans.filter(carer__user=user, status__in=CARER_VISIBLE_STATUSES)
    if user.role == Role.REPRESENTATIVE:
        # Someone acting for the carer reads what the carer would, while their access lasts.
        return plans.filter(
            carer_id__in=carer_ids_acted_for(user), status__in=CARER_VISIBLE_STATUSES
        )
    return plans.none()


def _with_review_overdue(plans: QuerySet[SupportPlan]) -> QuerySet[SupportPlan]:
    """Flag agreed or active plans whose s27 review date has passed, in SQL so a list page
    costs no query per row. Plans under review or closed are already being dealt with."""
    return plans.annotate(
        review_overdue=Case(
            When(
                status__in=[PlanStatus.AGREED, PlanStatus.ACTIVE],
                next_review_due__lt=timezone.localdate(),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _with_totals(plans: QuerySet[SupportPlan]) -> QuerySet[SupportPlan]:
    plans = _with_review_overdue(plans)
    return plans.annotate(
        item_count=Count("items", distinct=True),
        carer_total=Coalesce(
            Sum("items__annual_cost", filter=Q(items__for_cared_for_person=False)), ZERO
        ),
    )


def support_plan_list(*, user: User, status: str | None = None) -> QuerySet[SupportPlan]:
    plans = support_plan_list_visible_to(user)
    if status:
        plans = plans.filter(status=status)
    return _with_totals(plans).order_by("carer__last_name", "carer__first_name", "-starts_on", "id")


def support_plan_list_for_carer_user(*, user: User) -> QuerySet[SupportPlan]:
    return _with_totals(support_plan_list_visible_to(user)).order_by("-starts_on", "-id")


def _items_with_services() -> QuerySet[PlanItem]:
    return PlanItem.objects.select_related("service", "service__organisation").prefetch_related(
        Prefetch(
            "service__contacts",
            queryset=Contact.objects.prefetch_related(
                Prefetch("phones", queryset=Phone.objects.order_by("number"))
            ),
        ),
        Prefetch(
            "referrals",
            queryset=ServiceReferral.objects.select_related("sent_by").order_by("-sent_on", "-id"),
        ),
    )


def support_plan_get(*, user: User, plan_id: int) -> SupportPlan | None:
    """One plan in the user's scope, with its items, their services and contact details."""
    return (
        _with_review_overdue(support_plan_list_visible_to(user))
        .select_related("assessment", "assessment__assessor", "created_by", "assessment__cared_for")
        .prefetch_related(Prefetch("items", queryset=_items_with_services()))
        .filter(pk=plan_id)
        .first()
    )


def plan_item_get(*, plan: SupportPlan, item_id: int) -> PlanItem | None:
    return plan.items.select_related("service").filter(pk=item_id).first()


def service_referral_get(*, user: User, referral_id: int) -> ServiceReferral | None:
    plans = support_plan_list_visible_to(user)
    return (
        ServiceReferral.objects.select_related(
            "service", "service__organisation", "plan_item", "plan_item__plan__carer", "sent_by"
        )
        .prefetch_related(
            Prefetch(
                "updates", queryset=ServiceReferralUpdate.objects.select_related("recorded_by")
            )
        )
        .filter(pk=referral_id, plan_item__plan__in=plans)
        .first()
    )


def assessment_list_ready_for_plan(*, user: User) -> QuerySet[Assessment]:
    """Completed, eligible assessments of the user's teams' carers, newest first, with
    whether a plan has been made from each."""
    if not user.is_authenticated or user.role not in EDITOR_ROLES:
        return Assessment.objects.none()
    return (
        assessment_list_visible_to(user)
        .filter(
            status=AssessmentStatus.COMPLETED,
            eligibility_outcome=EligibilityOutcome.ELIGIBLE,
        )
        .select_related("carer", "team", "assessor")
        .annotate(has_plan=Exists(SupportPlan.objects.filter(assessment=OuterRef("pk"))))
        .order_by("has_plan", "-completed_on", "-id")
    )


def assessment_get_for_plan(*, user: User, assessment_id: int) -> Assessment | None:
    return assessment_list_ready_for_plan(user=user).filter(pk=assessment_id).first()


def service_list_for_carer(
    *,
    carer: Carer,
    search: str = "",
    term_id: uuid.UUID | str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Service]:
    """Directory services this carer can use by age and postcode district (the directory's own
    matching), with `is_stale` and `is_at_capacity`."""
    today = today or timezone.localdate()
    return directory.service_list_for_support_planning(
        search=search,
        term_id=term_id,
        age=carer.age(today),
        postcode_district=carer.postcode,
        today=today,
    )


def service_get_for_carer(*, carer: Carer, service_id: uuid.UUID | str) -> Service | None:
    return directory.service_get_for_support_planning(
        service_id=service_id, age=carer.age(), postcode_district=carer.postcode
    )


@dataclass(frozen=True)
class ReviewContact:
    """What a carer who asked for a review is told: who will contact them, and by when."""

    requested_on: datetime.date
    contact_by: datetime.date | None
    worker_name: str
    team_name: str
    team_phone: str


def review_contact_for(plan: SupportPlan) -> ReviewContact | None:
    """From the open "asked for a review" task on the carer's team's tray, if there is one."""
    if plan.review_requested_on is None:
        return None
    task = (
        Task.objects.filter(
            carer_id=plan.carer_id, kind=TaskKind.REVIEW_REQUESTED, status=TaskStatus.OPEN
        )
        .select_related("assigned_to", "team")
        .order_by("-created_at")
        .first()
    )
    team = task.team if task else plan.carer.team
    return ReviewContact(
        requested_on=plan.review_requested_on,
        contact_by=task.due_on if task else None,
        worker_name=task.assigned_to.get_full_name() if task and task.assigned_to else "",
        team_name=team.name,
        team_phone=team.phone or settings.SERVICE_PHONE_NUMBER,
    )


@dataclass(frozen=True)
class CarerHomeContact:
    """Who a signed-in carer can talk to, on their home page: their named worker (if one is
    named), their team and its phone number, how soon a review they ask for is answered, and
    what is waiting for the team."""

    worker_name: str
    team_name: str
    team_phone: str
    review_working_days: int
    plan: SupportPlan | None
    review_contact: ReviewContact | None
    changes_waiting: int


def _named_worker(carer: Carer, plan: SupportPlan | None) -> User | None:
    """The plan's worker while they are in the carer's team; else the worker their latest
    referral was assigned to, likewise."""
    from support_plans.services import plan_worker  # noqa: PLC0415 - services read selectors

    if plan is not None and (worker := plan_worker(plan)) is not None:
        return worker
    referral = (
        carer.referrals.filter(assigned_to__is_active=True, assigned_to__teams=carer.team_id)
        .select_related("assigned_to")
        .order_by("-received_at", "-id")
        .first()
    )
    return referral.assigned_to if referral else None


def carer_home_contact(*, user: User) -> CarerHomeContact | None:
    from triage.change_requests import ChangeRequest, ChangeStatus  # noqa: PLC0415
    from triage.selectors import carer_list_visible_to, clock_settings  # noqa: PLC0415

    if getattr(user, "role", None) != Role.CARER:
        return None
    carer = carer_list_visible_to(user).first()
    if carer is None:
        return None
    plan = (
        support_plan_list_visible_to(user)
        .filter(status__in=(PlanStatus.AGREED, PlanStatus.ACTIVE))
        .select_related("carer__team", "created_by")
        .order_by("-starts_on", "-id")
        .first()
    )
    worker = _named_worker(carer, plan)
    return CarerHomeContact(
        worker_name=worker.get_full_name() if worker else "",
        team_name=carer.team.name,
        team_phone=carer.team.phone or settings.SERVICE_PHONE_NUMBER,
        review_working_days=clock_settings().review_request_working_days,
        plan=plan,
        review_contact=review_contact_for(plan) if plan else None,
        changes_waiting=ChangeRequest.objects.filter(
            carer=carer, status=ChangeStatus.PENDING
        ).count(),
    )
