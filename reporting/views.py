"""Reporting pages. Views parse input and call selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import COMMISSIONING_ROLES, DASHBOARD_ROLES, Role
from carers_portal.pages import add_service_errors, paginate, rebind_after_conflict
from carers_portal.versioning import EditConflict
from reporting import rules, selectors, services
from reporting.forms import (
    BudgetLineForm,
    BudgetSpendForm,
    DenominatorForm,
    FinancialYearForm,
    ReturnRequestForm,
    TargetForm,
)


def _year_from(request: HttpRequest, default: int) -> int:
    form = FinancialYearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return default


@role_required(*DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Reads the nightly pre-computed figures only, so it stays fast whatever the row counts."""
    figures = selectors.dashboard_figures(
        today=selectors.today(),
        team_ids=selectors.team_scope_for(request.user),
        with_budget=selectors.can_commission(request.user),
    )
    return render(
        request,
        "reporting/dashboard.html",
        {**figures, "is_team_manager": request.user.role == Role.TEAM_MANAGER},
    )


@role_required(*DASHBOARD_ROLES)
def ni135(request: HttpRequest) -> HttpResponse:
    """The indicator worked out live for a financial year, with every breakdown."""
    today = selectors.today()
    year = _year_from(request, rules.financial_year_start(today))
    period = rules.financial_year(year)
    team_ids = selectors.team_scope_for(request.user)
    report = selectors.ni135_report(period=period, team_ids=team_ids)
    support = selectors.support_type_counts(period=period, team_ids=team_ids)
    choices = report.choices
    return render(
        request,
        "reporting/ni135.html",
        {
            "report": report,
            "year": year,
            "year_label": rules.financial_year_label(year),
            "previous_year": year - 1,
            "next_year": year + 1,
            "support_types": support,
            "counting_choices": [
                (label, getattr(choices, name), source)
                for name, label, source in rules.COUNTING_CHOICE_TABLE
            ],
            "is_team_manager": team_ids is not None,
        },
    )


@role_required(*COMMISSIONING_ROLES)
def budget(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    year = _year_from(request, rules.financial_year_start(today))
    summary = selectors.budget_summary(financial_year=year)
    changes = selectors.budget_change_list(financial_year=year)[:20]
    return render(
        request,
        "reporting/budget.html",
        {"summary": summary, "years": selectors.budget_years(), "year": year, "changes": changes},
    )


@role_required(*COMMISSIONING_ROLES)
def budget_line_new(request: HttpRequest, stream_id: int) -> HttpResponse:
    stream = get_object_or_404(selectors.budget_stream_list_visible_to(request.user), id=stream_id)
    form = BudgetLineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(
                stream_id=stream.id,
                name=form.cleaned_data["name"],
                allocated=form.cleaned_data["allocated"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="allocated")
        else:
            messages.success(request, f"Allocation saved for {form.cleaned_data['name']}")
            return redirect(f"{reverse('reporting:budget')}?year={stream.financial_year}")
    return render(
        request, "reporting/budget_line_form.html", {"form": form, "stream": stream, "line": None}
    )


@role_required(*COMMISSIONING_ROLES)
def budget_line_edit(request: HttpRequest, line_id: int) -> HttpResponse:
    line = get_object_or_404(selectors.budget_line_list_visible_to(request.user), id=line_id)
    form = BudgetLineForm(
        request.POST if request.method == "POST" else None,
        initial={"name": line.name, "allocated": line.allocated, "version": line.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(
                line_id=line.id,
                version=form.cleaned_data["version"] or 0,
                name=form.cleaned_data["name"],
                allocated=form.cleaned_data["allocated"],
                by=request.user,
            )
        except EditConflict as conflict:
            form = rebind_after_conflict(BudgetLineForm, request, conflict)
        except ValidationError as error:
            add_service_errors(form, error, default_field="allocated")
        else:
            messages.success(request, f"Allocation saved for {form.cleaned_data['name']}")
            return redirect(f"{reverse('reporting:budget')}?year={line.stream.financial_year}")
    return render(
        request,
        "reporting/budget_line_form.html",
        {"form": form, "stream": line.stream, "line": line},
    )


@role_required(*COMMISSIONING_ROLES)
def budget_spend_new(request: HttpRequest, line_id: int) -> HttpResponse:
    line = get_object_or_404(selectors.budget_line_list_visible_to(request.user), id=line_id)
    form = BudgetSpendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_spend_record(line_id=line.id, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, default_field="amount")
        else:
            messages.success(request, f"Spending recorded against {line.name}")
            return redirect(f"{reverse('reporting:budget')}?year={line.stream.financial_year}")
    return render(request, "reporting/budget_spend_form.html", {"form": form, "line": line})


@role_required(*COMMISSIONING_ROLES)
def returns(request: HttpRequest) -> HttpResponse:
    form = ReturnRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["month"]
        services.return_request(period=period)
        messages.success(
            request,
            f"The return for {period.start:%B %Y} is being produced. "
            "Refresh this page in a minute to download it.",
        )
        return redirect("reporting:returns")
    runs = paginate(request, selectors.return_run_list_visible_to(request.user))
    return render(request, "reporting/returns.html", {"page_obj": runs, "form": form})


@role_required(*COMMISSIONING_ROLES)
def return_download(request: HttpRequest, run_id: int, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx"):
        raise Http404
    run = get_object_or_404(selectors.return_run_list_visible_to(request.user), id=run_id)
    if file_format == "csv":
        content, content_type = bytes(run.csv_content), "text/csv; charset=utf-8"
    else:
        content = bytes(run.xlsx_content)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{run.file_stem}.{file_format}"'
    return response


@role_required(*COMMISSIONING_ROLES)
def denominators(request: HttpRequest) -> HttpResponse:
    form = DenominatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.denominator_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, default_field="count")
        else:
            messages.success(
                request,
                f"Saved {saved.count} people for {saved.period_start:%-d %B %Y} "
                f"to {saved.period_end:%-d %B %Y}",
            )
            return redirect("reporting:denominators")
    page = paginate(request, selectors.denominator_list_visible_to(request.user))
    return render(request, "reporting/denominators.html", {"form": form, "page_obj": page})


@role_required(*COMMISSIONING_ROLES)
def targets(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, default_field="target")
        else:
            messages.success(request, f"Saved the NI135 target for {saved.year_label}")
            return redirect("reporting:targets")
    page = paginate(request, selectors.target_list_visible_to(request.user))
    return render(request, "reporting/targets.html", {"form": form, "page_obj": page})
