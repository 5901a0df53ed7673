"""Triage pages: the public referral form, the staff worklist and the carers register.

Views parse input, call services and selectors, and render. Every record page starts
from the scoped `*_list_visible_to` selectors, so anything out of scope is 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES
from carers_portal.accounts.selectors import (
    access_event_list_for_carer,
    staff_list_for_teams,
    team_ids_for,
    team_list,
)
from carers_portal.accounts.services import access_event_record, access_events_record_many
from carers_portal.pages import record_opened_to_edit
from triage import rules, selectors, services
from triage.exceptions import EditConflict, TriageNotReady
from triage.forms import (
    AssignForm,
    CaredForAddForm,
    CarerDetailsForm,
    CarerEditForm,
    CarerSearchForm,
    CaringForm,
    CloseReferralForm,
    ContactForm,
    QueueFilterForm,
    ReasonForm,
    ReferrerForm,
    SourceForm,
    StaffReferralForm,
    TriageAnswersForm,
    TriageDecisionForm,
)
from triage.models import Carer, Referral, ReferralSource, ReferralStatus
from triage.record_panels import carer_record_panels_render
from triage.throttle import throttle_allows

PAGE_SIZE = 25
casework_required = role_required(*CASEWORK_ROLES)


def _page(request: HttpRequest, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    access_events_record_many(request=request, objects=page.object_list)
    return page


def _deferred_page(request: HttpRequest, queryset):
    """Paginate on ids first, then load the page's 25 rows with their joins.

    A deep page's OFFSET then walks a narrow covering index instead of joined rows:
    one query more, the same for every page (scripts/benchmark_triage_queue.py).
    """
    page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    access_events_record_many(request=request, objects=page.object_list)
    return page


def _query_without_page(request: HttpRequest) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "page"]
    return urlencode(params)


def _with_version(request: HttpRequest, version: int):
    data = request.POST.copy()
    data["version"] = str(version)
    return data


# --- Public self-referral --------------------------------------------------------------

SESSION_KEY = "triage_self_referral"
SESSION_REFERENCE_KEY = "triage_self_referral_reference"


class Step:
    def __init__(self, slug: str, form_class, title: str, *, heading_in_form: bool = False):
        self.slug, self.form_class, self.title = slug, form_class, title
        self.heading_in_form = heading_in_form
        self.caption = "Refer a carer"


STEPS = [
    Step("who", SourceForm, "Who is making this referral?", heading_in_form=True),
    Step("referrer", ReferrerForm, "Your details"),
    Step("carer", CarerDetailsForm, "About the carer"),
    Step("contact", ContactForm, "The carer's address and contact details"),
    Step("caring", CaringForm, "About the caring"),
    Step("reason", ReasonForm, "What help is needed"),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _answers(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def _applicable_steps(answers: dict) -> list[Step]:
    is_self = answers.get("who", {}).get("source") == ReferralSource.SELF
    return [step for step in STEPS if not (step.slug == "referrer" and is_self)]


def _bound_step_form(step: Step, answers: dict):
    data = answers.get(step.slug)
    return step.form_class(data=data) if data is not None else None


def _first_incomplete(answers: dict) -> Step | None:
    for step in _applicable_steps(answers):
        form = _bound_step_form(step, answers)
        if form is None or not form.is_valid():
            return step
    return None


# The session keeps only the step's own fields, each capped: anything else a client posts
# would otherwise sit in the session store for its whole lifetime.
MAX_ANSWER_LENGTH = 5000


def _step_answers(form, data) -> dict:
    answers = {}
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        suffixes = getattr(field.widget, "widgets_names", None) or [""]
        for key in (html_name + suffix for suffix in suffixes):
            values = [value[:MAX_ANSWER_LENGTH] for value in data.getlist(key)[:50]]
            if values:
                answers[key] = values if len(values) > 1 else values[0]
    return answers


def _throttled(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/public/too_many_requests.html", status=429)


def referral_start(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/public/start.html")


def referral_step(request: HttpRequest, step: str) -> HttpResponse:
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    answers = _answers(request)
    steps = _applicable_steps(answers)
    if current not in steps:
        return redirect("triage:referral-check")
    # Questions are answered in order: an earlier unanswered page comes first.
    index = steps.index(current)
    for earlier in steps[:index]:
        form = _bound_step_form(earlier, answers)
        if form is None or not form.is_valid():
            return redirect("triage:referral-step", step=earlier.slug)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        if not throttle_allows(request, scope="public-step"):
            return _throttled(request)
        form = current.form_class(data=request.POST)
        if form.is_valid():
            answers[current.slug] = _step_answers(form, request.POST)
            request.session[SESSION_KEY] = answers
            incomplete = _first_incomplete(answers)
            if changing:
                if incomplete is None:
                    return redirect("triage:referral-check")
                return redirect(
                    reverse("triage:referral-step", kwargs={"step": incomplete.slug}) + "?change=1"
                )
            steps = _applicable_steps(answers)
            position = steps.index(current)
            if position + 1 < len(steps):
                return redirect("triage:referral-step", step=steps[position + 1].slug)
            return redirect("triage:referral-check")
    else:
        form = _bound_step_form(current, answers) or current.form_class()
    back = (
        reverse("triage:referral-check")
        if changing
        else (
            reverse("triage:referral-step", kwargs={"step": steps[index - 1].slug})
            if index > 0
            else reverse("triage:referral-start")
        )
    )
    return render(
        request,
        "triage/public/question.html",
        {"form": form, "step": current, "back_url": back},
    )


def _display_value(field, value) -> str:
    if value in (None, ""):
        return "Not given"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


def _check_answer_sections(answers: dict) -> tuple[list[dict], dict]:
    sections, cleaned = [], {}
    for step in _applicable_steps(answers):
        form = _bound_step_form(step, answers)
        form.is_valid()
        rows = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            cleaned[name] = value
            rows.append(
                {
                    "label": field.label,
                    "value": _display_value(field, value),
                    "change_url": reverse("triage:referral-step", kwargs={"step": step.slug})
                    + f"?change=1#id_{name}",
                }
            )
        sections.append({"title": step.title, "rows": rows})
    return sections, cleaned


def referral_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    incomplete = _first_incomplete(answers)
    if incomplete is not None:
        if not answers:
            return redirect("triage:referral-start")
        return redirect("triage:referral-step", step=incomplete.slug)
    sections, cleaned = _check_answer_sections(answers)
    if request.method == "POST":
        if not throttle_allows(request, scope="public-submit"):
            return _throttled(request)
        referral = services.referral_create(
            **{name: value for name, value in cleaned.items() if value is not None}
        )
        del request.session[SESSION_KEY]
        request.session[SESSION_REFERENCE_KEY] = referral.reference
        return redirect("triage:referral-complete")
    back_url = reverse("triage:referral-step", kwargs={"step": _applicable_steps(answers)[-1].slug})
    return render(
        request, "triage/public/check_answers.html", {"sections": sections, "back_url": back_url}
    )


def referral_complete(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_REFERENCE_KEY)
    if not reference:
        return redirect("triage:referral-start")
    return render(request, "triage/public/complete.html", {"reference": reference})


# --- Worklist --------------------------------------------------------------------------


def _filter_form(request: HttpRequest):
    team_ids = team_ids_for(request.user)
    teams = list(team_list().filter(pk__in=team_ids))
    workers = list(staff_list_for_teams(team_ids=team_ids))
    form = QueueFilterForm(request.GET or None, teams=teams, workers=workers)
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            status=data["status"],
            priority=data["priority"],
            team_id=data["team"],
            worker_id=data["worker"],
            source=data["source"],
            overdue=data["overdue"],
            query=data["q"],
        )
    return form, filters


def _rows(page) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "referral": referral,
            "days": (today - timezone.localdate(referral.received_at)).days,
            "breaches": selectors.referral_breaches_for(referral, today=today),
        }
        for referral in page.object_list
    ]


@casework_required
def queue(request: HttpRequest) -> HttpResponse:
    form, filters = _filter_form(request)
    page = _deferred_page(request, selectors.referral_queue(user=request.user, filters=filters))
    return render(
        request,
        "triage/queue.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": _rows(page),
            "query_string": _query_without_page(request),
            "title": "Triage queue",
        },
    )


@casework_required
def caseload(request: HttpRequest) -> HttpResponse:
    form, filters = _filter_form(request)
    filters = selectors.QueueFilters(**{**filters.__dict__, "worker_id": request.user.pk})
    page = _deferred_page(request, selectors.referral_queue(user=request.user, filters=filters))
    tasks = list(selectors.task_list_open_for(request.user)[:50])
    return render(
        request,
        "triage/caseload.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": _rows(page),
            "tasks": tasks,
            "query_string": _query_without_page(request),
            "title": "My caseload",
        },
    )


# --- Referrals -------------------------------------------------------------------------


@casework_required
def referral_create(request: HttpRequest) -> HttpResponse:
    form = StaffReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(
            **{name: value for name, value in form.cleaned_data.items() if value is not None}
        )
        if referral.team_id not in team_ids_for(request.user):
            messages.success(
                request,
                f"Referral {referral.reference} added to the {referral.team} triage queue.",
            )
            return redirect("triage:queue")
        messages.success(request, f"Referral {referral.reference} added to the triage queue.")
        return redirect("triage:referral-detail", reference=referral.reference)
    return render(request, "triage/referral_form.html", {"form": form})


def _referral_for(request: HttpRequest, reference: str) -> Referral:
    return get_object_or_404(selectors.referral_list_visible_to(request.user), reference=reference)


@casework_required
def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    access_event_record(request=request, obj=referral, carer_id=referral.carer_id)
    candidates, hidden = ([], 0)
    if referral.carer_id is None:
        candidates, hidden = selectors.carer_duplicate_candidates(
            referral=referral, user=request.user
        )
    return render(
        request,
        "triage/referral_detail.html",
        {
            "referral": referral,
            "candidates": candidates,
            "hidden_matches": hidden,
            "breaches": selectors.referral_breaches_for(referral),
            "days": (timezone.localdate() - timezone.localdate(referral.received_at)).days,
            "history": selectors.referral_history(referral),
            "tasks": list(referral.tasks.select_related("assigned_to").order_by("-id")[:10]),
        },
    )


def _version_from_post(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as error:
        raise Http404 from error


@casework_required
@require_POST
def referral_link(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    carer = get_object_or_404(
        selectors.carer_list_visible_to(request.user), pk=request.POST.get("carer") or 0
    )
    try:
        services.referral_link_carer(
            referral=referral, carer=carer, version=_version_from_post(request)
        )
    except EditConflict as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Referral linked to the existing record for {carer}.")
    return redirect("triage:referral-detail", reference=referral.reference)


@casework_required
@require_POST
def referral_carer_create(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    try:
        referral = services.referral_carer_create(
            referral=referral, version=_version_from_post(request)
        )
    except (EditConflict, TriageNotReady) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"New carer record created for {referral.carer}.")
    return redirect("triage:referral-detail", reference=referral.reference)


@casework_required
def referral_close(request: HttpRequest, reference: str) -> HttpResponse:
    """A question page: closing ends the carer's referral, so the reason is recorded."""
    referral = _referral_for(request, reference)
    if referral.status == ReferralStatus.CLOSED:
        return redirect("triage:referral-detail", reference=referral.reference)
    form = CloseReferralForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_close(
                referral=referral,
                version=data["version"],
                reason=data["reason"],
                detail=data["detail"],
            )
        except EditConflict as error:
            form = CloseReferralForm(_with_version(request, referral.version))
            form.is_valid()
            form.add_error(None, str(error))
            status = 409
        except TriageNotReady as error:
            messages.error(request, str(error))
            return redirect("triage:referral-detail", reference=referral.reference)
        else:
            messages.success(request, f"Referral {referral.reference} closed.")
            return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request, "triage/referral_close.html", {"form": form, "referral": referral}, status=status
    )


@casework_required
def referral_triage(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    if referral.status == ReferralStatus.CLOSED:
        raise Http404
    initial = {
        "version": referral.version,
        "caring_hours": referral.triage_caring_hours or referral.caring_hours,
        "health_impact": referral.health_impact,
        "breakdown_risk": referral.breakdown_risk,
        "carer_hospital_admission": {True: "yes", False: "no"}.get(
            referral.carer_hospital_admission
        ),
        "urgency": referral.urgency,
        "notes": referral.triage_notes,
    }
    form = TriageAnswersForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_triage_record(
                referral=referral,
                version=data["version"],
                caring_hours=data["caring_hours"],
                health_impact=data["health_impact"],
                breakdown_risk=data["breakdown_risk"],
                carer_hospital_admission=data["carer_hospital_admission"],
                urgency=data["urgency"],
                notes=data["notes"],
            )
        except EditConflict as error:
            form = TriageAnswersForm(_with_version(request, referral.version))
            form.is_valid()
            form.add_error(None, str(error))
            status = 409
        else:
            return redirect("triage:referral-decision", reference=referral.reference)
    return render(
        request, "triage/triage_form.html", {"form": form, "referral": referral}, status=status
    )


@casework_required
def referral_decision(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    if not referral.proposed_priority or referral.status == ReferralStatus.CLOSED:
        return redirect("triage:referral-triage", reference=referral.reference)
    proposal = rules.triage_proposal(
        rules.TriageAnswers(
            caring_hours=referral.triage_caring_hours,
            health_impact=referral.health_impact,
            breakdown_risk=referral.breakdown_risk,
            carer_hospital_admission=bool(referral.carer_hospital_admission),
            urgency=referral.urgency,
        )
    )
    proposed = (referral.proposed_priority, referral.proposed_pathway)
    initial = {
        "version": referral.version,
        "priority": referral.priority or referral.proposed_priority,
        "pathway": referral.pathway or referral.proposed_pathway,
        "override_reason": referral.override_reason,
    }
    form = TriageDecisionForm(request.POST or None, initial=initial, proposed=proposed)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_triage_complete(
                referral=referral,
                version=data["version"],
                priority=data["priority"],
                pathway=data["pathway"],
                override_reason=data["override_reason"],
                by=request.user,
            )
        except EditConflict as error:
            form = TriageDecisionForm(_with_version(request, referral.version), proposed=proposed)
            form.is_valid()
            form.add_error(None, str(error))
            status = 409
        except TriageNotReady as error:
            form.add_error(None, str(error))
            status = 400
        else:
            messages.success(request, f"Triage of {referral.reference} completed.")
            return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request,
        "triage/decision_form.html",
        {"form": form, "referral": referral, "proposal": proposal},
        status=status,
    )


@casework_required
def referral_assign(request: HttpRequest, reference: str) -> HttpResponse:
    referral = _referral_for(request, reference)
    team_ids = team_ids_for(request.user)
    teams = team_list().filter(pk__in=team_ids)
    workers = staff_list_for_teams(team_ids=team_ids).prefetch_related("teams")
    initial = {
        "version": referral.version,
        "team": referral.team_id,
        "assigned_to": referral.assigned_to_id,
    }
    form = AssignForm(request.POST or None, initial=initial, teams=teams, workers=workers)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_assign(
                referral=referral,
                version=data["version"],
                team=data["team"],
                assigned_to=data["assigned_to"],
            )
        except EditConflict as error:
            form = AssignForm(
                _with_version(request, referral.version), teams=teams, workers=workers
            )
            form.is_valid()
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, f"Assignment of {referral.reference} saved.")
            if data["team"].pk not in team_ids:
                return redirect("triage:queue")
            return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request, "triage/assign_form.html", {"form": form, "referral": referral}, status=status
    )


# --- Carers register -------------------------------------------------------------------


@casework_required
def carer_list(request: HttpRequest) -> HttpResponse:
    form = CarerSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = _page(request, selectors.carer_search(user=request.user, query=query))
    return render(
        request,
        "triage/carer_list.html",
        {"form": form, "page_obj": page, "query_string": _query_without_page(request)},
    )


def _carer_for(request: HttpRequest, pk: int) -> Carer:
    return get_object_or_404(selectors.carer_list_visible_to(request.user), pk=pk)


@casework_required
def carer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    return render(
        request,
        "triage/carer_detail.html",
        {
            "carer": carer,
            "relationships": list(selectors.caring_relationships_for(carer)),
            "referrals": list(selectors.referral_list_for_carer(user=request.user, carer=carer)),
            "history": selectors.carer_history(carer),
            "views": list(access_event_list_for_carer(carer_id=carer.pk)[:20]),
            "record_panels": carer_record_panels_render(request=request, carer=carer),
        },
    )


CARER_FORM_FIELDS = [name for name in CarerEditForm.base_fields if name != "version"]


@casework_required
def carer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    if not request.user.has_perm("triage.change_carer", carer):
        raise Http404
    record_opened_to_edit(request, carer)
    initial = {name: getattr(carer, name) for name in CARER_FORM_FIELDS}
    initial["version"] = carer.version
    form = CarerEditForm(request.POST or None, initial=initial)
    status, current = 200, None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CARER_FORM_FIELDS}
        try:
            services.carer_update(carer=carer, version=form.cleaned_data["version"], **changes)
        except EditConflict as error:
            carer.refresh_from_db()
            # Keep what was typed; show what is saved now, so a second save is a decision.
            form = CarerEditForm(_with_version(request, carer.version))
            form.is_valid()
            form.add_error(None, str(error))
            current = [
                (form.fields[name].label, getattr(carer, name))
                for name in CARER_FORM_FIELDS
                if getattr(carer, name) != changes[name]
            ]
            status = 409
        else:
            messages.success(request, "Carer's details saved.")
            return redirect("triage:carer-detail", pk=carer.pk)
    return render(
        request,
        "triage/carer_form.html",
        {"form": form, "carer": carer, "current": current},
        status=status,
    )


@casework_required
def cared_for_add(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    form = CaredForAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cared_for_person_add(carer=carer, **form.cleaned_data)
        messages.success(request, "Cared-for person added.")
        return redirect("triage:carer-detail", pk=carer.pk)
    return render(request, "triage/cared_for_form.html", {"form": form, "carer": carer})
