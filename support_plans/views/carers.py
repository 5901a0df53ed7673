"""The carer's own pages: their agreed plans, the PDF, and asking for a review."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record
from support_plans import selectors, services
from support_plans.forms import ReviewRequestForm
from support_plans.views.shared import (
    form_page,
    pdf_response,
    plan_context,
    plan_or_404,
)


@role_required(Role.CARER)
def my_plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.support_plan_list_for_carer_user(user=request.user))
    return render(request, "support_plans/my_plan_list.html", {"plans": plans})


@role_required(Role.CARER)
def my_plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id)
    context = plan_context(plan)
    context["review_contact"] = selectors.review_contact_for(plan)
    context["worker"] = services.plan_worker(plan)
    context["team_phone"] = plan.carer.team.phone or settings.SERVICE_PHONE_NUMBER
    return render(request, "support_plans/my_plan_detail.html", context)


@role_required(Role.CARER)
def my_plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return pdf_response(request, plan_or_404(request, plan_id))


def _review_contact_message(plan) -> str:
    """Who will contact the carer, by when, and the number to ring meanwhile."""
    contact = selectors.review_contact_for(plan)
    who = contact.worker_name or f"Someone from {contact.team_name}"
    when = f" by {contact.contact_by:%A %-d %B %Y}" if contact.contact_by else " soon"
    return (
        f"You have asked for a review. {who} will contact you{when}. "
        f"If you need to talk before then, call {contact.team_phone}."
    )


@role_required(Role.CARER)
def my_plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    return form_page(
        request,
        ReviewRequestForm(request.POST or None),
        save=lambda data: services.support_plan_review_request(
            plan=plan, reason=data["reason"], user=request.user
        ),
        success=lambda _plan: _review_contact_message(plan),
        done=lambda _plan: reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk}),
        template="support_plans/my_plan_review.html",
        context={"plan": plan},
    )
