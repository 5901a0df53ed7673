from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from carers_portal.read_once import read_once
from support_plans.selectors import support_plan_list, support_plan_list_visible_to
from triage.models import Carer


def plans_on_record(user, carer: Carer) -> list:
    """The carer's support plans, read once for the record's panel and its journey."""
    # One carer's plans, newest first, with their own fields only: no joins to plan.
    return read_once(
        carer,
        f"plans:{user.pk}",
        lambda: list(
            support_plan_list(user=user)
            .filter(carer=carer)
            .select_related(None)
            .order_by("-starts_on", "id")
        ),
    )


def carer_support_plans_panel(request: HttpRequest, carer: Carer) -> SafeString:
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "support_plans/partials/_carer_plans.html",
        {"carer": carer, "plans": plans_on_record(request.user, carer)},
        request=request,
    )


def carer_plan_journey_steps(user, carer: Carer) -> list:
    """The carer's support plans on the record's journey: made, agreed, started, review asked."""
    from django.urls import reverse  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from triage.journey import JourneyStep  # noqa: PLC0415

    steps = []
    for plan in plans_on_record(user, carer)[:10]:
        url = reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})
        steps.append(
            JourneyStep(timezone.localdate(plan.created_at), "Support plan made", "", url, 4)
        )
        if plan.agreed_on:
            steps.append(JourneyStep(plan.agreed_on, "The carer agreed the plan", "", url, 5))
        if plan.status in ("active", "closed") and plan.starts_on:
            steps.append(JourneyStep(plan.starts_on, "Support started", "", url, 6))
        if plan.review_requested_on:
            steps.append(
                JourneyStep(
                    plan.review_requested_on,
                    "The carer asked for a review",
                    plan.review_requested_reason,
                    url,
                    7,
                )
            )
    return steps


def case_note_options(user, carer: Carer) -> list[tuple[int, str]]:
    """The carer's support plans a case note can be about (triage.case_notes), newest first."""
    plans = support_plan_list_visible_to(user).filter(carer=carer).order_by("-starts_on", "-id")
    return [
        (plan.pk, f"Support plan {plan.reference}, from {plan.starts_on:%-d %B %Y}")
        for plan in plans[:20]
    ]
