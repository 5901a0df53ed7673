import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.selectors import staff_list_for_teams
from carers_portal.pages import add_service_errors
from governance import retention, selectors, services
from governance.forms import CaredForSarForm, LiftForm, RestrictForm, ReviewFilterForm, SarForm
from governance.models import SubjectAccessRequest
from triage.restrictions import (
    active_restriction_for,
    carer_restrict,
    carer_restriction_lift,
)
from triage.selectors import carer_list_visible_to


@role_required(*CASEWORK_ROLES)
def carer_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=pk)
    restriction = active_restriction_for(carer)
    staff = staff_list_for_teams(team_ids={carer.team_id}).exclude(pk=request.user.pk)
    data = request.POST if request.method == "POST" else None
    form = LiftForm(data) if restriction else RestrictForm(data, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            if restriction:
                carer_restriction_lift(
                    restriction=restriction,
                    reason=form.cleaned_data["lift_reason"],
                    by=request.user,
                )
                messages.success(request, "The restriction is lifted.")
            else:
                carer_restrict(carer=carer, by=request.user, **form.cleaned_data)
                messages.success(request, "The record is restricted.")
            return redirect("triage:carer-detail", pk=carer.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "governance/restriction.html",
        {"carer": carer, "restriction": restriction, "form": form},
        status=400 if form.errors else 200,
    )


def _lead_required(request) -> None:
    if not selectors.is_governance_lead(request.user):
        raise Http404


@role_required(Role.TEAM_MANAGER, Role.ADMINISTRATOR)
def access_review(request: HttpRequest) -> HttpResponse:
    if not selectors.may_review_access(request.user):
        raise Http404
    form = ReviewFilterForm(request.GET or None)
    today = timezone.localdate()
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    since = values.get("since") or today - datetime.timedelta(days=7)
    until = (values.get("until") or today) + datetime.timedelta(days=1)
    rows = []
    if not form.errors:
        rows = selectors.access_review(
            viewer=request.user,
            since=timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)),
            until=timezone.make_aware(datetime.datetime.combine(until, datetime.time.min)),
            user_id=values.get("person"),
            carer_id=values.get("carer"),
            flagged_only=bool(values.get("flagged")),
        )
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="access-review.csv"'
        writer = csv.writer(response)
        writer.writerow(["When", "Staff", "Role", "Action", "Record", "Carer", "Flags"])
        for row in rows:
            writer.writerow(
                [
                    row.occurred_at.isoformat(),
                    row.user_name,
                    row.role,
                    row.action,
                    row.object_type,
                    row.carer_id or "",
                    "; ".join(row.flags),
                ]
            )
        return response
    return render(
        request,
        "governance/access_review.html",
        {
            "form": form,
            "rows": rows,
            "burst": selectors.burst_threshold(),
            "limit": selectors.REVIEW_ROW_LIMIT,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMINISTRATOR)
def retention_report(request: HttpRequest) -> HttpResponse:
    _lead_required(request)
    run = selectors.retention_run_latest()
    if request.method == "POST" and run is not None:
        try:
            if request.POST.get("action") == "approve":
                retention.retention_approve(run=run, by=request.user)
                messages.success(request, "Approved. The purge runs now.")
                retention.retention_purge(run=run)
            return redirect("governance:retention")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "governance/retention.html",
        {
            "run": run,
            "years": retention.retention_years(),
            "tombstones": run.tombstones.all() if run else [],
        },
    )


@role_required(Role.ADMINISTRATOR)
def sar_list(request: HttpRequest) -> HttpResponse:
    _lead_required(request)
    form = SarForm(request.POST or None)
    link = None
    if request.method == "POST" and "issue" in request.POST:
        sar = get_object_or_404(SubjectAccessRequest, pk=request.POST.get("issue") or 0)
        try:
            token = services.sar_issue_link(sar=sar, user=request.user)
            link = f"{request.path}{sar.pk}/download/?token={token}"
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        form = SarForm()
    elif request.method == "POST" and form.is_valid():
        from triage.models import Carer

        carer = Carer.objects.filter(pk=form.cleaned_data["carer"]).first()
        if carer is None:
            form.add_error("carer", "There is no carer with that record number")
        else:
            services.sar_request(
                carer=carer, requested_by=request.user, received_on=form.cleaned_data["received_on"]
            )
            messages.success(request, "The request is logged. The pack is being prepared.")
            return redirect("governance:sar-list")
    return render(
        request,
        "governance/sar_list.html",
        {"form": form, "requests": selectors.sar_list()[:50], "link": link},
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMINISTRATOR)
def sar_cared_for(request: HttpRequest) -> HttpResponse:
    """A request from (or for) a person someone cares for: the same pack, about them."""
    _lead_required(request)
    form = CaredForSarForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        from triage.models import CaredForPerson

        cared_for = CaredForPerson.objects.filter(pk=form.cleaned_data["cared_for"]).first()
        if cared_for is None:
            form.add_error("cared_for", "There is no person cared for with that record number")
        else:
            services.sar_request(
                cared_for=cared_for,
                requested_by=request.user,
                received_on=form.cleaned_data["received_on"],
            )
            messages.success(request, "The request is logged. The pack is being prepared.")
            return redirect("governance:sar-list")
    return render(
        request,
        "governance/sar_cared_for.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMINISTRATOR)
def sar_download(request: HttpRequest, pk: int) -> HttpResponse:
    _lead_required(request)
    try:
        data = services.sar_download(
            sar_id=pk, token=request.GET.get("token", ""), user=request.user, path=request.path
        )
    except ValidationError:
        raise Http404 from None
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response
