"""Staff pages for carer's assessments. Views parse input and call selectors and services."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments import conf, rules, selectors, services
from assessments.exceptions import EditConflict, NotEditable
from assessments.forms import (
    AmendFieldChoiceForm,
    AmendForm,
    ApprovalForm,
    SectionForm,
    StartForm,
    field_factories,
    section_by_slug,
    sections_for,
)
from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    EligibilityOutcome,
)
from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from carers_portal.forms import first_input_id
from triage.models import Referral
from triage.selectors import carer_list_visible_to

PAGE_SIZE = 25
EDIT_ROLES = (Role.ASSESSOR, Role.TEAM_MANAGER)
CONFLICT_MESSAGE = EditConflict.message


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(selectors.assessment_list_visible_to(request.user), pk=pk)


def _can_edit(request: HttpRequest) -> bool:
    return request.user.role in EDIT_ROLES


def _apply_errors(form, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages_:
            form.add_error(target, message)


# ----------------------------------------------------------------------------- display


def _display(assessment: Assessment, name: str) -> str:
    value = getattr(assessment, name)
    field = Assessment._meta.get_field(name)
    if value is None or value == "":
        return "Not provided"
    if name == "cared_for":
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


def summary_sections(assessment: Assessment, *, with_change: bool) -> list[dict]:
    """Rows for the check-answers and summary pages, one card per task-list section."""
    factories = field_factories(assessment)
    cards = []
    for section in sections_for(assessment):
        rows = []
        for name in section.fields:
            label = str(factories[name]().label)
            change = (
                reverse("assessments:section", args=[assessment.pk, section.slug])
                + f"?return=check#id_{name}"
                if with_change
                else ""
            )
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "value": _display(assessment, name),
                    "change": change,
                }
            )
        cards.append({"section": section, "rows": rows})
    return cards


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


# ----------------------------------------------------------------------------- carer's record


@role_required(*CASEWORK_ROLES)
def carer_assessments(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=carer_id)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    page = Paginator(selectors.assessment_list_for_carer(carer=carer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/carer_assessments.html",
        {"carer": carer, "page_obj": page, "assessments": page.object_list},
    )


@role_required(*EDIT_ROLES)
def start(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=carer_id)
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
            _apply_errors(form, error)
        else:
            return redirect("assessments:task-list", pk=assessment.pk)
    return render(
        request, "assessments/start.html", {"carer": carer, "form": form, "referral": referral}
    )


# ----------------------------------------------------------------------------- the form


@role_required(*EDIT_ROLES)
def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_editable:
        return redirect("assessments:detail", pk=pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    items = _section_statuses(assessment)
    done = sum(1 for item in items if item["status"] == "completed")
    return render(
        request,
        "assessments/task_list.html",
        {"assessment": assessment, "items": items, "done": done, "total": len(items)},
    )


@role_required(*EDIT_ROLES)
def section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_editable:
        messages.info(request, services.not_editable_message(assessment))
        return redirect("assessments:detail", pk=pk)
    part = section_by_slug(assessment, slug)
    if part is None:
        raise Http404
    returning_to_check = request.GET.get("return") == "check"
    form = SectionForm(
        request.POST if request.method == "POST" else None, assessment=assessment, section=part
    )
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
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except NotEditable as error:
            messages.info(request, error.message)
            return redirect("assessments:detail", pk=pk)
        except ValidationError as error:
            _apply_errors(form, error)
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
            "back_url": reverse("assessments:check", args=[pk])
            if returning_to_check
            else reverse("assessments:task-list", args=[pk]),
        },
    )


@role_required(*EDIT_ROLES)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_editable:
        if request.method == "POST":
            messages.info(request, services.not_editable_message(assessment))
        return redirect("assessments:detail", pk=pk)
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
            "errors": errors,
            "conflict": conflict,
            "error_title": bool(errors) or conflict,
            "needs_approval": rules.needs_approval(
                amount=assessment.agreed_budget or assessment.indicative_budget,
                threshold=conf.approval_threshold(),
            ),
        },
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


@role_required(*EDIT_ROLES)
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if assessment.status == AssessmentStatus.IN_PROGRESS:
        return redirect("assessments:task-list", pk=pk)
    return render(request, "assessments/confirmation.html", {"assessment": assessment})


@role_required(*CASEWORK_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    can_edit = _can_edit(request)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "cards": summary_sections(assessment, with_change=False),
            "amendments": selectors.amendment_list_for_assessment(assessment=assessment),
            "can_amend": can_edit and assessment.is_completed,
            "can_continue": can_edit and assessment.is_editable,
            "can_review": can_edit
            and assessment.is_completed
            and assessment.kind != AssessmentKind.DECLINED,
            "can_approve": selectors.assessment_list_awaiting_approval(user=request.user)
            .filter(pk=pk)
            .exists(),
        },
    )


@role_required(*EDIT_ROLES)
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
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
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except NotEditable as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "The correction has been recorded.")
            return redirect("assessments:detail", pk=pk)
    return render(
        request,
        "assessments/amend.html",
        {
            "assessment": assessment,
            "form": form,
            "current": _display(assessment, field_name),
            "field_label": dict(choices)[field_name],
        },
    )


# ----------------------------------------------------------------------------- approvals


@role_required(Role.TEAM_MANAGER)
def approvals(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.assessment_list_awaiting_approval(user=request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
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
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except NotEditable as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            _apply_errors(form, error)
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
    )


# ----------------------------------------------------------------------------- worklists


@role_required(*CASEWORK_ROLES)
def reviews_due(request: HttpRequest) -> HttpResponse:
    teams = list(request.user.teams.order_by("name"))
    team_param = request.GET.get("team", "")
    team = next((t for t in teams if str(t.pk) == team_param), None)
    page = Paginator(
        selectors.assessment_list_reviews_due(user=request.user, team_id=team.pk if team else None),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
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


@role_required(*EDIT_ROLES)
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.assessment_list_for_assessor(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/mine.html",
        {"page_obj": page, "assessments": page.object_list},
    )
