"""The carer's own pages: their agreed plans, the PDF, and asking for a review."""

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
    return render(request, "support_plans/my_plan_detail.html", plan_context(plan))


@role_required(Role.CARER)
def my_plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return pdf_response(request, plan_or_404(request, plan_id))


@role_required(Role.CARER)
def my_plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    return form_page(
        request,
        ReviewRequestForm(request.POST or None),
        save=lambda data: services.support_plan_review_request(
            plan=plan, reason=data["reason"], user=request.user
        ),
        success=lambda _plan: (
            "You have asked for a review. Your carers support team will contact you."
        ),
        done=lambda _plan: reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk}),
        template="support_plans/my_plan_review.html",
        context={"plan": plan},
    )
