"""The staff worklist: the triage queue, a worker's caseload and assigning a referral."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carers_portal.accounts.selectors import staff_list_for_teams, team_ids_for, team_list
from carers_portal.pages import (
    paginate_deferred,
    query_without_page,
)
from triage import selectors, services
from triage.forms import AssignForm, QueueFilterForm
from triage.views.common import casework_required, referral_for, versioned_form_post


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
    page = paginate_deferred(request, selectors.referral_queue(user=request.user, filters=filters))
    return render(
        request,
        "triage/queue.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": _rows(page),
            "query_string": query_without_page(request),
            "title": "Triage queue",
        },
    )


@casework_required
def caseload(request: HttpRequest) -> HttpResponse:
    form, filters = _filter_form(request)
    filters = selectors.QueueFilters(**{**filters.__dict__, "worker_id": request.user.pk})
    page = paginate_deferred(request, selectors.referral_queue(user=request.user, filters=filters))
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
