"""Answering an assessment: starting it, the task list, question pages, check answers and
completion. Views parse input and call selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessments import conf, rules, selectors, services
from assessments.exceptions import NotEditable
from assessments.forms import (
    MakeSeparateForm,
    SectionForm,
    StartForm,
    section_by_slug,
    sections_for,
)
from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    EligibilityOutcome,
)
from assessments.questions import field_factories
from assessments.views.shared import CHANGE, assessment_or_404, summary_sections
from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import EDITOR_ROLES
from carers_portal.accounts.services import access_event_record
from carers_portal.forms import first_input_id
from carers_portal.pages import (
    CONFLICT_STATUS,
    add_service_errors,
    rebind_after_conflict,
    record_opened_to_edit,
)
from carers_portal.versioning import EditConflict
from triage.models import Referral
from triage.selectors import carer_list_visible_to


@role_required(*EDITOR_ROLES)
def start(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=carer_id)
    if not request.user.has_perm("assessments.add_assessment", carer):
        raise Http404
    referral = None
    referral_id = request.GET.get("referral") or request.POST.get("referral")
    if referral_id:
        referral = get_object_or_404(
            Referral.objects.filter(carer=carer), pk=referral_id if referral_id.isdigit() else 0
        )
    candidates = selectors.review_candidates_for_carer(carer=carer)
    form = StartForm(
        request.POST if request.method == "POST" else None,
        review_candidates=candidates,
        initial={"kind": request.GET.get("kind"), "review_of": request.GET.get("review_of")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                carer=carer,
                kind=form.cleaned_data["kind"],
                assessor=request.user,
                referral=referral,
                review_of=form.cleaned_data.get("review_of"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("assessments:task-list", pk=assessment.pk)
    return render(
        request, "assessments/start.html", {"carer": carer, "form": form, "referral": referral}
    )


def _section_statuses(assessment: Assessment) -> list[dict]:
    problems = services.completion_problems(assessment)
    items = []
    for section in sections_for(assessment):
        gaps = [name for name in section.fields if name in problems]
        answered = any(
            getattr(assessment, name) not in (None, "", False)
            for name in section.fields
            if name not in {"eligibility_outcome"}
        )
        if section.slug == "eligibility" and assessment.rules_outcome == (
            EligibilityOutcome.NOT_DETERMINED
        ):
            status = "cannot_start"
        elif section.slug in assessment.sections_completed and not gaps:
            status = "completed"
        elif answered or section.slug in assessment.sections_completed:
            status = "in_progress"
        else:
            status = "not_started"
        items.append({"section": section, "status": status})
    return items


def _unfinished(items: list[dict]) -> list[str]:
    """The sections still to finish before the answers can be checked (GOV.UK task list:
    "Check answers" cannot start until every task is completed)."""
    return [item["section"].title for item in items if item["status"] != "completed"]


def _joint_refused(assessment: Assessment) -> bool:
    return assessment.kind == AssessmentKind.JOINT and rules.joint_agreement_refused(
        {name: getattr(assessment, name) for name in rules.MUST_BE_YES}
    )


@role_required(*EDITOR_ROLES)
def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if not assessment.is_editable:
        return redirect("assessments:detail", pk=pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    items = _section_statuses(assessment)
    done = sum(1 for item in items if item["status"] == "completed")
    return render(
        request,
        "assessments/task_list.html",
        {
            "assessment": assessment,
            "items": items,
            "done": done,
            "total": len(items),
            "ready_to_check": not _unfinished(items),
            "joint_refused": _joint_refused(assessment),
        },
    )


@role_required(*EDITOR_ROLES)
def section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if not assessment.is_editable:
        messages.info(request, services.not_editable_message(assessment))
        return redirect("assessments:detail", pk=pk)
    part = section_by_slug(assessment, slug)
    if part is None:
        raise Http404
    record_opened_to_edit(request, assessment)
    returning_to_check = request.GET.get("return") == "check"
    form = SectionForm(
        request.POST if request.method == "POST" else None, assessment=assessment, section=part
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        save_later = bool(request.POST.get("save_later"))
        completed = [s for s in assessment.sections_completed if s != slug]
        if not save_later:
            completed.append(slug)
        try:
            services.assessment_update(
                assessment=assessment,
                version=form.cleaned_data["version"],
                user=request.user,
                changes={**form.changes(), "sections_completed": completed},
            )
        except EditConflict as conflict:
            form = rebind_after_conflict(
                SectionForm, request, conflict, assessment=assessment, section=part
            )
            status = CONFLICT_STATUS
        except NotEditable as error:
            messages.info(request, error.message)
            return redirect("assessments:detail", pk=pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if save_later:
                messages.success(request, "Your answers have been saved.")
                return redirect("assessments:task-list", pk=pk)
            if returning_to_check:
                return redirect("assessments:check", pk=pk)
            slugs = [s.slug for s in sections_for(assessment)]
            following = slugs[slugs.index(slug) + 1 :] if slug in slugs else []
            if following:
                return redirect("assessments:section", pk=pk, slug=following[0])
            return redirect("assessments:check", pk=pk)
    result = services.assessment_eligibility(assessment) if slug == "eligibility" else None
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "section": part,
            "form": form,
            "eligibility": result,
            "joint_refused": slug == "about" and _joint_refused(assessment),
            "back_url": reverse("assessments:check", args=[pk])
            if returning_to_check
            else reverse("assessments:task-list", args=[pk]),
        },
        status=status,
    )


@role_required(*EDITOR_ROLES)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if not assessment.is_editable:
        if request.method == "POST":
            messages.info(request, services.not_editable_message(assessment))
        return redirect("assessments:detail", pk=pk)
    unfinished = _unfinished(_section_statuses(assessment))
    if unfinished:
        messages.info(
            request,
            "You can check your answers once every section is completed. Still to finish: "
            + ", ".join(unfinished)
            + ".",
        )
        return redirect("assessments:task-list", pk=pk)
    errors: list[dict] = []
    conflict = False
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.assessment_complete(assessment=assessment, version=version, user=request.user)
        except NotEditable as error:
            messages.info(request, error.message)
            return redirect("assessments:detail", pk=pk)
        except EditConflict:
            conflict = True
            assessment.refresh_from_db()
        except ValidationError as error:
            errors = _error_links(assessment, error.message_dict)
        else:
            return redirect("assessments:confirmation", pk=pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    return render(
        request,
        "assessments/check_answers.html",
        {
            "assessment": assessment,
            "cards": summary_sections(assessment, with_change=True),
            "eligibility": services.assessment_eligibility(assessment),
            "eligibility_source": rules.ELIGIBILITY_SOURCE,
            "errors": errors,
            "conflict": conflict,
            "error_title": bool(errors) or conflict,
            "needs_approval": rules.needs_approval(
                amount=assessment.budget_as_agreed.amount,
                frequency=assessment.budget_frequency,
                threshold=conf.approval_threshold(),
            ),
        },
        status=CONFLICT_STATUS if conflict else 200,
    )


def _error_links(assessment: Assessment, problems: dict) -> list[dict]:
    slugs = {name: s.slug for s in sections_for(assessment) for name in s.fields}
    factories = field_factories(assessment)
    links = []
    for name, texts in problems.items():
        slug = slugs.get(name) or ("eligibility" if name == "eligibility_outcome" else None)
        # The first radio or the Day box, so the section page opens with focus on the answer.
        target = (
            first_input_id(factories[name](), f"id_{name}") if name in factories else f"id_{name}"
        )
        href = (
            reverse("assessments:section", args=[assessment.pk, slug]) + f"?return=check#{target}"
            if slug and slug in {s.slug for s in sections_for(assessment)}
            else reverse("assessments:task-list", args=[assessment.pk])
        )
        links.extend({"text": text, "href": href} for text in texts)
    return links


@role_required(*EDITOR_ROLES)
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if assessment.status == AssessmentStatus.IN_PROGRESS:
        return redirect("assessments:task-list", pk=pk)
    return render(request, "assessments/confirmation.html", {"assessment": assessment})


@role_required(*EDITOR_ROLES)
def make_separate(request: HttpRequest, pk: int) -> HttpResponse:
    """Care Act s12(5): carry on as a separate assessment when someone has not agreed to a
    joint one."""
    assessment = assessment_or_404(request, pk, perm=CHANGE)
    if assessment.kind != AssessmentKind.JOINT or not assessment.is_editable:
        raise Http404
    record_opened_to_edit(request, assessment)
    form = MakeSeparateForm(request.POST or None, initial={"version": assessment.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_make_separate(
                assessment=assessment, version=form.cleaned_data["version"], user=request.user
            )
        except EditConflict as conflict:
            form = rebind_after_conflict(MakeSeparateForm, request, conflict)
            status = CONFLICT_STATUS
        except (NotEditable, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "This is now a separate carer's assessment. The answers so far have been kept.",
            )
            return redirect("assessments:task-list", pk=pk)
    return render(
        request,
        "assessments/make_separate.html",
        {"assessment": assessment, "form": form},
        status=status,
    )
