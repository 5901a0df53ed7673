"""An assessment once made: the carer's list, the summary, corrections, approval and the
worklists. Views parse input and call selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from assessments import conf, rules, selectors, services
from assessments.exceptions import NotEditable
from assessments.forms import (
    AmendFieldChoiceForm,
    AmendForm,
    ApprovalForm,
    sections_for,
)
from assessments.models import (
    AssessmentKind,
    AssessmentStatus,
)
from assessments.questions import field_factories
from assessments.views.shared import CHANGE, assessment_or_404, display, summary_sections
from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES, Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import CONFLICT_STATUS, add_service_errors, paginate, rebind_after_conflict
from carers_portal.versioning import EditConflict
from triage.case_notes import case_note_list_about
from triage.selectors import carer_list_visible_to


@role_required(*CASEWORK_ROLES)
def carer_assessments(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=carer_id)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    page = paginate(request, selectors.assessment_list_for_carer(carer=carer))
    return render(
        request,
        "assessments/carer_assessments.html",
        {"carer": carer, "page_obj": page, "assessments": page.object_list},
    )


@role_required(*CASEWORK_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    can_edit = request.user.has_perm(CHANGE, assessment)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "cards": summary_sections(assessment, with_change=False),
            "eligibility": services.assessment_eligibility(assessment),
            "eligibility_source": rules.ELIGIBILITY_SOURCE,
            "amendments": selectors.amendment_list_for_assessment(assessment=assessment),
            "can_amend": can_edit and assessment.is_completed,
            "can_continue": can_edit and assessment.is_editable,
            "can_review": can_edit
            and assessment.is_completed
            and assessment.kind != AssessmentKind.DECLINED,
            "can_approve": assessment.status == AssessmentStatus.AWAITING_APPROVAL
            and request.user.has_perm("assessments.approve_assessment", assessment),
            "case_notes": case_note_list_about(
                user=request.user, carer=assessment.carer, kind="assessment", object_id=pk
            ),
            "case_note_about": f"assessment:{pk}",
        },
    )


@role_required(*EDITOR_ROLES)
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if not assessment.is_completed:
        raise Http404
    factories = field_factories(assessment)
    choices = [
        (name, str(factories[name]().label))
        for name in services.AMENDABLE_FIELDS
        if any(name in s.fields for s in sections_for(assessment))
    ]
    field_name = request.POST.get("field") or request.GET.get("field")
    if field_name not in dict(choices):
        form = AmendFieldChoiceForm(request.GET or None, choices=choices)
        return render(request, "assessments/amend.html", {"assessment": assessment, "form": form})
    form = AmendForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        field_name=field_name,
        initial={"version": assessment.version, "field": field_name},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_amend(
                assessment=assessment,
                version=form.cleaned_data["version"],
                user=request.user,
                field_name=field_name,
                new_value=form.cleaned_data["new_value"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict as conflict:
            form = rebind_after_conflict(
                AmendForm, request, conflict, assessment=assessment, field_name=field_name
            )
            status = CONFLICT_STATUS
        except (NotEditable, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The correction has been recorded.")
            return redirect("assessments:detail", pk=pk)
    return render(
        request,
        "assessments/amend.html",
        {
            "assessment": assessment,
            "form": form,
            "current": display(assessment, field_name),
            "field_label": dict(choices)[field_name],
        },
        status=status,
    )


# ----------------------------------------------------------------------------- approvals


@role_required(Role.TEAM_MANAGER)
def approvals(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.assessment_list_awaiting_approval(user=request.user))
    return render(
        request,
        "assessments/approvals.html",
        {"page_obj": page, "assessments": page.object_list},
    )


@role_required(Role.TEAM_MANAGER)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        selectors.assessment_list_awaiting_approval(user=request.user), pk=pk
    )
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    form = ApprovalForm(
        request.POST if request.method == "POST" else None, initial={"version": assessment.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.assessment_approve(
                    assessment=assessment,
                    version=form.cleaned_data["version"],
                    manager=request.user,
                )
                messages.success(request, "Assessment approved.")
            else:
                services.assessment_return(
                    assessment=assessment,
                    version=form.cleaned_data["version"],
                    manager=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Assessment returned to the assessor.")
        except EditConflict as conflict:
            form = rebind_after_conflict(ApprovalForm, request, conflict)
            status = CONFLICT_STATUS
        except (NotEditable, ValidationError) as error:
            add_service_errors(form, error)
        else:
            return redirect("assessments:approvals")
    return render(
        request,
        "assessments/approve.html",
        {
            "assessment": assessment,
            "form": form,
            "cards": summary_sections(assessment, with_change=False),
        },
        status=status,
    )


# ----------------------------------------------------------------------------- worklists


@role_required(*CASEWORK_ROLES)
def reviews_due(request: HttpRequest) -> HttpResponse:
    teams = list(request.user.teams.order_by("name"))
    team_param = request.GET.get("team", "")
    team = next((t for t in teams if str(t.pk) == team_param), None)
    page = paginate(
        request,
        selectors.assessment_list_reviews_due(user=request.user, team_id=team.pk if team else None),
    )
    return render(
        request,
        "assessments/reviews_due.html",
        {
            "page_obj": page,
            "assessments": page.object_list,
            "today": timezone.localdate(),
            "teams": teams,
            "team": team,
            "window_days": conf.reviews_due_window_days(),
            "query_string": f"team={team.pk}" if team else "",
        },
    )


@role_required(*EDITOR_ROLES)
def mine(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.assessment_list_for_assessor(user=request.user))
    return render(
        request,
        "assessments/mine.html",
        {"page_obj": page, "assessments": page.object_list},
    )
