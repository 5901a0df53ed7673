"""The staff worklist: the triage queue, a worker's caseload and assigning a referral."""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.selectors import (
    staff_list_for_teams,
    team_ids_for,
    team_list,
    team_list_for,
)
from carers_portal.keyset import CappedCount, paginate_keyset
from carers_portal.pages import add_service_errors, query_without_page
from triage import selectors, services
from triage.forms import AssignForm, QueueFilterForm
from triage.models import OPEN_REFERRAL_STATUSES, ReferralSource
from triage.tray_forms import BulkAssignForm
from triage.views.common import casework_required, referral_for, versioned_form_post


@dataclass(frozen=True)
class _Choosable:
    """The user's teams and their workers, read once for the filters and the bulk form."""

    teams: list
    workers: list


def _choosable(request: HttpRequest) -> _Choosable:
    teams = team_list_for(request.user)
    workers = list(staff_list_for_teams(team_ids={team.pk for team in teams}))
    return _Choosable(teams=teams, workers=workers)


def _filter_form(request: HttpRequest, choosable: _Choosable):
    form = QueueFilterForm(request.GET or None, teams=choosable.teams, workers=choosable.workers)
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


SOURCE_WORDS = dict(ReferralSource.choices)


def _rows(page, *, ticked: frozenset[str] = frozenset()) -> list[dict]:
    """Each row's words worked out once here, so the 25-row table renders only values."""
    today = timezone.localdate()
    config = selectors.clock_settings()
    rows = []
    for referral in page.object_list:
        provisional = None
        if not referral.priority:
            provisional = "urgent" if referral.urgent_at_intake else referral.proposed_priority
        due_on = referral.clock_due_on
        select_value = f"{referral.pk}:{referral.version}"
        rows.append(
            {
                "referral": referral,
                "url": reverse("triage:referral-detail", kwargs={"reference": referral.reference}),
                "select_value": select_value,
                "ticked": select_value in ticked,
                "days": (today - timezone.localdate(referral.received_at)).days,
                "breaches": selectors.referral_breaches_for(referral, today=today, config=config),
                "days_left": None if due_on is None else (due_on - today).days,
                "days_overdue": None if due_on is None else max(0, (today - due_on).days),
                "priority_shown": referral.priority or provisional,
                "provisional": bool(provisional),
                "source": SOURCE_WORDS.get(referral.source, referral.source),
            }
        )
    return rows


def _bulk_form(request: HttpRequest, page, choosable: _Choosable):
    choices = [(f"{r.pk}:{r.version}", r.reference) for r in page.object_list]
    if request.method == "POST":
        # What was ticked stays valid when the page has moved on since it was read.
        choices += [
            (value, value)
            for value in request.POST.getlist("referrals")
            if re.fullmatch(r"\d{1,12}:\d{1,9}", value)
        ]
    return BulkAssignForm(
        request.POST if request.method == "POST" else None,
        referral_choices=choices,
        teams=choosable.teams,
        workers=choosable.workers,
    )


def _bulk_assign(request: HttpRequest, form: BulkAssignForm) -> HttpResponse | None:
    scoped = selectors.referral_list_visible_to(request.user).in_bulk(
        [pk for pk, _version in form.selected()]
    )
    pairs = [(scoped[pk], version) for pk, version in form.selected() if pk in scoped]
    data = form.cleaned_data
    try:
        result = services.referrals_assign_many(
            referrals=pairs,
            team=data["team"],
            assigned_to=data["assigned_to"],
            reason=data["reason"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    who = data["assigned_to"] or data["team"]
    messages.success(
        request,
        f"{len(result.assigned)} referral{'s' if len(result.assigned) != 1 else ''} "
        f"assigned to {who}.",
    )
    if result.changed_meanwhile:
        messages.error(
            request,
            "Not assigned, because someone else changed them first: "
            + ", ".join(r.reference for r in result.changed_meanwhile),
        )
    return redirect(request.get_full_path())


@casework_required
def queue(request: HttpRequest) -> HttpResponse:
    choosable = _choosable(request)
    form, filters = _filter_form(request, choosable)
    counts = selectors.referral_status_counts(user=request.user)
    page = paginate_keyset(
        request,
        selectors.referral_queue_rows(user=request.user, filters=filters),
        keys=selectors.QUEUE_KEYS,
        nulls_last=selectors.QUEUE_NULLS_LAST,
        # Unfiltered, the queue is every open referral: the status counts already add up to it
        # (a capped count adds one, so the total reads "More than 1,000" too).
        count=sum(c.count + c.capped for c in counts.values())
        if filters == selectors.QueueFilters()
        else None,
    )
    bulk_form = _bulk_form(request, page, choosable)
    if request.method == "POST" and bulk_form.is_valid():
        response = _bulk_assign(request, bulk_form)
        if response is not None:
            return response
    ticked = frozenset(request.POST.getlist("referrals") if request.method == "POST" else ())
    return render(
        request,
        "triage/queue.html",
        {
            "filter_form": form,
            "form": bulk_form,
            "page_obj": page,
            "rows": _rows(page, ticked=ticked),
            "status_counts": _status_counts(counts),
            "query_string": query_without_page(request),
            "title": "Triage queue",
        },
    )


def _status_counts(counts: dict[str, CappedCount]) -> list[dict]:
    return [
        {"status": status, "label": status.label, "count": counts[status.value].label}
        for status in OPEN_REFERRAL_STATUSES
    ]


@casework_required
def caseload(request: HttpRequest) -> HttpResponse:
    form, filters = _filter_form(request, _choosable(request))
    filters = selectors.QueueFilters(**{**filters.__dict__, "worker_id": request.user.pk})
    page = paginate_keyset(
        request,
        selectors.referral_queue_rows(user=request.user, filters=filters),
        keys=selectors.QUEUE_KEYS,
        nulls_last=selectors.QUEUE_NULLS_LAST,
    )
    tasks = list(selectors.task_list_open_for(request.user)[:50])
    return render(
        request,
        "triage/caseload.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": _rows(page),
            "tasks": tasks,
            "query_string": query_without_page(request),
            "title": "My caseload",
        },
    )


@casework_required
def referral_assign(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    team_ids = team_ids_for(request.user)
    teams = team_list().filter(pk__in=team_ids)
    workers = staff_list_for_teams(team_ids=team_ids).prefetch_related("teams")
    initial = {
        "version": referral.version,
        "team": referral.team_id,
        "assigned_to": referral.assigned_to_id,
    }

    def save(data):
        services.referral_assign(
            referral=referral,
            version=data["version"],
            team=data["team"],
            assigned_to=data["assigned_to"],
        )

    post = versioned_form_post(
        request, AssignForm, initial=initial, save=save, teams=teams, workers=workers
    )
    if post.saved:
        messages.success(request, f"Assignment of {referral.reference} saved.")
        if post.form.cleaned_data["team"].pk not in team_ids:
            return redirect("triage:queue")
        return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request,
        "triage/assign_form.html",
        {"form": post.form, "referral": referral},
        status=post.status,
    )
