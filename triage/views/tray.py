"""The team worktray: every open task of the worker's teams, with claim and assign.

Views parse input, call triage.services and triage.selectors, and render. A task outside the
worker's teams is 404, like every other record.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers_portal.accounts.selectors import staff_list_for_teams, team_list_for
from carers_portal.keyset import paginate_keyset
from carers_portal.pages import query_without_page, rebind_after_conflict
from carers_portal.versioning import EditConflict
from triage import selectors, services
from triage.exceptions import TriageNotReady
from triage.models import Task
from triage.tray_forms import TaskAssignForm, TaskClaimForm, TrayFilterForm
from triage.views.common import casework_required


def _filters(request: HttpRequest) -> tuple[TrayFilterForm, selectors.TrayFilters]:
    teams = team_list_for(request.user)
    form = TrayFilterForm(request.GET or None, teams=teams)
    filters = selectors.TrayFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.TrayFilters(
            team_id=data["team"],
            show=data["show"] or "team",
            kind=data["kind"],
            overdue=data["overdue"],
        )
    return form, filters


@casework_required
def tray(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    today = timezone.localdate()
    # Keyset pages: page 1 and page 1,000 read the same few index entries.
    page = paginate_keyset(
        request,
        selectors.task_tray(user=request.user, filters=filters, today=today),
        keys=selectors.TRAY_KEYS,
        nulls_last=selectors.TRAY_NULLS_LAST,
    )
    return render(
        request,
        "triage/tray.html",
        {
            "filter_form": form,
            "page_obj": page,
            "tasks": list(page.object_list),
            "today": today,
            "counts": selectors.task_tray_counts(user=request.user, today=today),
            "query_string": query_without_page(request),
            "next_url": request.get_full_path(),
        },
    )


def _task_for(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(selectors.task_tray(user=request.user), pk=pk)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    # Only back to the tray itself: never an address someone else typed.
    return target if target.startswith(reverse("triage:tray")) else reverse("triage:tray")


@casework_required
@require_POST
def task_claim(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    form = TaskClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The task could not be claimed: reload the tray and try again.")
        return redirect(_back(request))
    try:
        services.task_claim(task=task, version=form.cleaned_data["version"], user=request.user)
    except EditConflict:
        messages.error(request, f"Someone else changed “{task.title}” first. Check who has it now.")
    except TriageNotReady as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have claimed “{task.title}”")
    return redirect(_back(request))


@casework_required
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    workers = staff_list_for_teams(team_ids={task.team_id})
    form = TaskAssignForm(
        request.POST or None,
        workers=workers,
        initial={"version": task.version, "assigned_to": task.assigned_to_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_assign(
                task=task,
                version=form.cleaned_data["version"],
                assigned_to=form.cleaned_data["assigned_to"],
            )
        except EditConflict as conflict:
            form = rebind_after_conflict(TaskAssignForm, request, conflict, workers=workers)
        except TriageNotReady as error:
            form.add_error("assigned_to", str(error))
        else:
            who = form.cleaned_data["assigned_to"] or "the team's tray"
            messages.success(request, f"“{task.title}” is now with {who}")
            return redirect("triage:tray")
    return render(request, "triage/task_assign.html", {"task": task, "form": form})
