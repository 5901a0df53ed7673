"""Staff pages for the plan itself: lists, making it from an assessment, changing it, the
carer's agreement and its status. Views parse input and call services and selectors;
out-of-scope records are 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import (
    add_service_errors,
    paginate,
    query_without_page,
    record_opened_to_edit,
)
from support_plans import rules, selectors, services
from support_plans.exceptions import PlanError
from support_plans.forms import (
    AgreeAndContinueForm,
    AgreeAndStartForm,
    AgreementForm,
    PlanCreateForm,
    PlanFilterForm,
    PlanForm,
    StatusForm,
)
from support_plans.models import PlanStatus
from support_plans.views.shared import (
    CHANGE,
    form_page,
    pdf_response,
    plan_context,
    plan_or_404,
    to_plan,
)
from triage.case_notes import case_note_list_about


@role_required(*CASEWORK_ROLES)
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    plans = selectors.support_plan_list(user=request.user, status=status or None)
    page = paginate(request, plans)
    return render(
        request,
        "support_plans/plan_list.html",
        {
            "filter_form": form,
            "status": status,
            "statuses": PlanStatus.choices,
            "page_obj": page,
            "query_string": query_without_page(request),
            "can_edit": request.user.role in EDITOR_ROLES,
        },
    )


@role_required(*EDITOR_ROLES)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessment_list_ready_for_plan(user=request.user)
    page = paginate(request, assessments)
    return render(
        request,
        "support_plans/assessment_list.html",
        {"page_obj": page, "query_string": query_without_page(request)},
    )


@role_required(*EDITOR_ROLES)
def plan_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_plan(user=request.user, assessment_id=assessment_id)
    if assessment is None or not request.user.has_perm("support_plans.add_supportplan", assessment):
        raise Http404
    form = PlanCreateForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.support_plan_create(
                assessment=assessment, user=request.user, starts_on=form.cleaned_data["starts_on"]
            )
        except (PlanError, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft support plan created")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    return render(
        request, "support_plans/plan_create.html", {"assessment": assessment, "form": form}
    )


@role_required(*CASEWORK_ROLES)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id)
    context = plan_context(plan)
    context["transitions"] = rules.transitions_from(plan.status)
    context["case_notes"] = case_note_list_about(
        user=request.user, carer=plan.carer, kind="support_plan", object_id=plan.pk
    )
    context["case_note_about"] = f"support_plan:{plan.pk}"
    return render(request, "support_plans/plan_detail.html", context)


@role_required(*EDITOR_ROLES)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    if not plan.is_editable:
        messages.info(request, "Start a review before you change an agreed or active plan")
        return redirect("support_plans:plan-detail", plan_id=plan.pk)
    record_opened_to_edit(request, plan)
    initial = {name: getattr(plan, name) for name in services.PLAN_DETAIL_FIELDS}
    initial["version"] = plan.version
    return form_page(
        request,
        PlanForm(request.POST or None, initial=initial),
        save=lambda data: services.support_plan_update(plan=plan, user=request.user, **data),
        success=lambda _plan: "Support plan saved",
        done=to_plan(plan),
        template="support_plans/plan_form.html",
        context={"plan": plan, "title": "Change the support plan"},
    )


@role_required(*EDITOR_ROLES)
def plan_agreement(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    form = AgreementForm(
        request.POST or None,
        initial={"version": plan.version, "agreed_on": plan.agreed_on or timezone.localdate()},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.support_plan_record_agreement(
            plan=plan, version=data["version"], agreed_on=data["agreed_on"], method=data["method"]
        ),
        success=lambda _plan: "The carer's agreement has been recorded",
        done=to_plan(plan),
        template="support_plans/plan_action.html",
        context={"plan": plan, "title": "Record the carer's agreement"},
    )


@role_required(*EDITOR_ROLES)
def plan_agree_start(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The carer has agreed: record when and how, and start the plan, in one step."""
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    if not plan.is_editable:
        raise Http404
    record_opened_to_edit(request, plan)
    continuing = plan.status == PlanStatus.UNDER_REVIEW
    form_class = AgreeAndContinueForm if continuing else AgreeAndStartForm
    form = form_class(
        request.POST or None,
        initial={"version": plan.version, "agreed_on": plan.agreed_on or timezone.localdate()},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.support_plan_agree_and_start(
            plan=plan,
            version=data["version"],
            agreed_on=data["agreed_on"],
            method=data["method"],
            user=request.user,
        ),
        success=lambda _plan: "The carer's agreement has been recorded and the plan is now active",
        done=to_plan(plan),
        template="support_plans/plan_action.html",
        context={
            "plan": plan,
            "title": form_class.submit_label,
            "intro": (
                "Record when and how the carer agreed the revised plan. It then carries on, "
                "with the next review in 12 months."
                if continuing
                else "Record when and how the carer agreed the plan. Its support then starts, "
                "and the plan shows as active."
            ),
        },
    )


@role_required(*EDITOR_ROLES)
def plan_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    choices = [(t.target, t.label) for t in rules.transitions_from(plan.status)]
    if not choices:
        raise Http404
    return form_page(
        request,
        StatusForm(request.POST or None, initial={"version": plan.version}, choices=choices),
        save=lambda data: services.support_plan_transition(
            plan=plan, version=data["version"], target=data["target"], user=request.user
        ),
        success=lambda plan: f"The plan is now {plan.get_status_display().lower()}",
        done=to_plan(plan),
        template="support_plans/plan_action.html",
        context={"plan": plan, "title": "Change the plan's status"},
        choices=choices,
    )


@role_required(*CASEWORK_ROLES)
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return pdf_response(request, plan_or_404(request, plan_id))
