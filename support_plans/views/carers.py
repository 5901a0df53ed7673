"""The carer's own pages: their agreed plans, the PDF, and asking for a review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import add_service_errors
from support_plans import selectors, services
from support_plans.exceptions import PlanError
from support_plans.forms import ReviewRequestForm
from support_plans.views.shared import (
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
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_review_request(
                plan=plan, reason=form.cleaned_data["reason"], user=request.user
            )
        except (PlanError, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "You have asked for a review. Your carers support team will contact you."
            )
            return redirect("support_plans:my-plan", plan_id=plan.pk)
    return render(request, "support_plans/my_plan_review.html", {"plan": plan, "form": form})
