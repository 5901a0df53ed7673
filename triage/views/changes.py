"""A change a carer asked for, from its task on the tray: the record now beside what was asked
for, and the worker's decision (accept, applied with the record's version check, or decline
with a reason the carer reads)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carers_portal.accounts.services import access_event_record
from carers_portal.pages import CONFLICT_STATUS, add_service_errors
from carers_portal.versioning import EditConflict
from triage import selectors, services
from triage.change_requests import change_request_for_task, change_rows
from triage.exceptions import TriageNotReady
from triage.tray_forms import ChangeDecisionForm
from triage.views.common import casework_required


def _page(request, *, task, change, form=None, status=200) -> HttpResponse:
    current, record_version = change.kind.current(change.carer, change.about_id)
    if form is None and change.is_pending:
        form = ChangeDecisionForm(
            initial={"version": change.version, "record_version": record_version}
        )
    return render(
        request,
        "triage/change_review.html",
        {
            "task": task,
            "change": change,
            "rows": change_rows(change, current=current),
            "form": form,
        },
        status=status,
    )


def _rebound_after_conflict(request, change, conflict: EditConflict) -> ChangeDecisionForm:
    """What was typed, now naming the record and the change as they are: the next accept is a
    decision made knowing what changed meanwhile."""
    _current, record_version = change.kind.current(change.carer, change.about_id)
    data = request.POST.copy()
    data["record_version"] = str(record_version)
    data["version"] = str(type(change).objects.get(pk=change.pk).version)
    form = ChangeDecisionForm(data)
    form.is_valid()
    form.add_error(None, conflict.message)
    return form


@casework_required
def task_change(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.task_list_visible_to(request.user), pk=pk)
    change = change_request_for_task(task=task)
    if change is None:
        raise Http404
    if request.method != "POST":
        access_event_record(request=request, obj=change, carer_id=change.carer_id)
        return _page(request, task=task, change=change)
    form = ChangeDecisionForm(request.POST)
    decision = form.decision()
    if not form.is_valid() or decision is None:
        form.add_error(None, "Choose whether to accept the change or not")
        return _page(request, task=task, change=change, form=form, status=400)
    data = form.cleaned_data
    try:
        if decision == "accept":
            services.change_request_accept(
                change=change,
                version=data["version"],
                record_version=data["record_version"],
                by=request.user,
            )
        else:
            services.change_request_decline(
                change=change, version=data["version"], reason=data["reason"], by=request.user
            )
    except EditConflict as conflict:
        form = _rebound_after_conflict(request, change, conflict)
        return _page(request, task=task, change=change, form=form, status=CONFLICT_STATUS)
    except (ValidationError, TriageNotReady) as error:
        add_service_errors(form, error)
        change.refresh_from_db()
        return _page(request, task=task, change=change, form=form, status=400)
    if decision == "accept":
        messages.success(request, f"The change is now on {change.carer.full_name}'s record")
    else:
        messages.success(request, f"{change.carer.full_name} will see that the change was not made")
    return redirect("triage:carer-detail", pk=change.carer_id)
