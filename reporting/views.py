"""Reporting pages. Views parse input and call selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import COMMISSIONING_ROLES, DASHBOARD_ROLES, Role
from carers_portal.keyset import COUNT_CAP, paginate_keyset
from carers_portal.pages import add_service_errors, paginate, rebind_after_conflict
from carers_portal.versioning import EditConflict
from reporting import board_pack as board_pack_files
from reporting import rules, selectors, services
from reporting.forms import (
    BoardPackForm,
    BudgetLineForm,
    BudgetLineNewForm,
    BudgetSpendForm,
    CLDRequestForm,
    DenominatorForm,
    FinancialYearForm,
    ReturnRequestForm,
    TargetForm,
    quarter_text,
)
from reporting.selectors import board_pack as board_pack_selectors
from reporting.selectors import budget_detail
from reporting.services.cld import cld_return_request


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
    ascof = identification = None
    if team_ids is None:
        from reporting.selectors.event_figures import ascof_3d, identification_counts

        identification = identification_counts(period=period)
        bands = ascof_3d(period=period).bands
        ascof = [
            ("18 and over", bands["total"]),
            ("18 to 64", bands["18_64"]),
            ("65 and over", bands["65_plus"]),
        ]
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
            "ascof": ascof,
            "identification": identification,
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
    # The commitments the nightly job stored, as on the dashboard (never the plan items).
    summary = selectors.budget_summary_stored(financial_year=year)
    changes = selectors.budget_change_list(financial_year=year)[:20]
    return render(
        request,
        "reporting/budget.html",
        {"summary": summary, "years": selectors.budget_years(), "year": year, "changes": changes},
    )


@role_required(*COMMISSIONING_ROLES)
def budget_line_new(request: HttpRequest, stream_id: int) -> HttpResponse:
    stream = get_object_or_404(selectors.budget_stream_list_visible_to(request.user), id=stream_id)
    form = BudgetLineNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(
                stream_id=stream.id,
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
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


def _commitments_page(request: HttpRequest, *, stream, line) -> HttpResponse:
    """The contracts or plan items behind a line (or the stream's "not on a line" row), one
    kind at a time, paged by keyset, with the line's stored figures above them."""
    code = line.code if line else None
    counts = budget_detail.line_kind_counts(stream=stream, code=code, cap=COUNT_CAP)
    kind = request.GET.get("show")
    if kind not in budget_detail.KINDS:
        kind = "contracts" if counts["contracts"] and not counts["plans"] else "plans"
    if kind == "contracts":
        rows = budget_detail.line_contracts(stream=stream, code=code)
        page = paginate_keyset(request, rows, keys=("reference", "id"))
    else:
        rows = budget_detail.line_plan_items(stream=stream, code=code)
        page = paginate_keyset(request, rows, keys=("id",))
    summary = selectors.budget_summary_stored(financial_year=stream.financial_year)
    stream_row = next((s for s in summary["streams"] if s["id"] == stream.id), None)
    if stream_row is None:
        figures = None
    elif line:
        figures = next((row for row in stream_row["lines"] if row["id"] == line.id), None)
    else:
        figures = stream_row["not_on_a_line"]
    if figures is None:
        # Nothing stored for it: nothing committed as far as the nightly figures know.
        zero = selectors.ZERO
        figures = dict.fromkeys(
            ("committed_contracts", "committed_plans", "spent", "spent_to_date", "forecast"), zero
        ) | {"remaining": line.allocated if line else None, "percent_spent": None}
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "capped": counts[key] > COUNT_CAP,
            "current": key == kind,
        }
        for key, label in budget_detail.KINDS.items()
    ]
    return render(
        request,
        "reporting/budget_line_detail.html",
        {
            "stream": stream,
            "line": line,
            "figures": figures,
            "summary": summary,
            "kind": kind,
            "tabs": tabs,
            "page_obj": page,
            "year_label": rules.financial_year_label(stream.financial_year),
        },
    )


@role_required(*COMMISSIONING_ROLES)
def budget_line_commitments(request: HttpRequest, line_id: int) -> HttpResponse:
    line = get_object_or_404(selectors.budget_line_list_visible_to(request.user), id=line_id)
    return _commitments_page(request, stream=line.stream, line=line)


@role_required(*COMMISSIONING_ROLES)
def budget_stream_not_on_a_line(request: HttpRequest, stream_id: int) -> HttpResponse:
    stream = get_object_or_404(selectors.budget_stream_list_visible_to(request.user), id=stream_id)
    return _commitments_page(request, stream=stream, line=None)


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
    """The returns produced, and a month or a quarter picked from the ones that have ended."""
    today = selectors.today()
    posted = request.POST if request.method == "POST" else None
    month_form = ReturnRequestForm(posted if posted and "month" in posted else None, today=today)
    quarter_form = CLDRequestForm(posted if posted and "quarter" in posted else None, today=today)
    if month_form.is_bound and month_form.is_valid():
        period = month_form.cleaned_data["month"]
        services.return_request(period=period)
        messages.success(
            request,
            f"The return for {period.start:%B %Y} is being produced. "
            "Refresh this page in a minute to download it.",
        )
        return redirect("reporting:returns")
    if quarter_form.is_bound and quarter_form.is_valid():
        quarter = quarter_form.cleaned_data["quarter"]
        cld_return_request(quarter=quarter)
        messages.success(
            request,
            f"The Client Level Data return for {quarter_text(quarter)} is being produced and "
            "checked. Refresh this page in a few minutes to download it.",
        )
        return redirect("reporting:returns")
    runs = paginate(request, selectors.return_run_list_visible_to(request.user))
    return render(
        request,
        "reporting/returns.html",
        {
            "page_obj": runs,
            "month_form": month_form,
            "quarter_form": quarter_form,
            # The form with errors, for the error summary and the page title.
            "form": quarter_form if quarter_form.is_bound else month_form,
        },
    )


@role_required(*COMMISSIONING_ROLES)
def return_download(request: HttpRequest, run_id: int, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx"):
        raise Http404
    run = get_object_or_404(selectors.return_run_list_visible_to(request.user), id=run_id)
    extension = file_format
    if run.kind == run.ReturnKind.CLD:
        if file_format != "csv":
            raise Http404  # the CLD file can exceed a spreadsheet's rows: no workbook
        # Stored compressed (a county's file runs to hundreds of megabytes).
        content, content_type, extension = bytes(run.csv_content), "application/gzip", "csv.gz"
    elif file_format == "csv":
        content, content_type = bytes(run.csv_content), "text/csv; charset=utf-8"
    else:
        content = bytes(run.xlsx_content)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{run.file_stem}.{extension}"'
    return response


@role_required(*COMMISSIONING_ROLES)
def board_pack(request: HttpRequest) -> HttpResponse:
    """Pick a month and a format; the download follows (a GET: nothing is changed)."""
    months = board_pack_selectors.board_pack_months(today=selectors.today())
    asked = {"month", "file_format"} & set(request.GET)
    form = BoardPackForm(request.GET if asked else None, months=months)
    if asked and form.is_valid():
        month = form.cleaned_data["month"].start
        return redirect(
            "reporting:board-pack-download",
            year=month.year,
            month=month.month,
            file_format=form.cleaned_data["file_format"],
        )
    return render(request, "reporting/board_pack.html", {"form": form, "months": months})


@role_required(*COMMISSIONING_ROLES)
def board_pack_download(
    request: HttpRequest, year: int, month: int, file_format: str
) -> HttpResponse:
    if file_format not in board_pack_files.CONTENT_TYPES:
        raise Http404
    months = board_pack_selectors.board_pack_months(today=selectors.today())
    period = next((m for m in months if (m.start.year, m.start.month) == (year, month)), None)
    if period is None:
        raise Http404  # no figures were worked out for that month
    pack = board_pack_selectors.board_pack(month=period, today=selectors.today())
    if file_format == "xlsx":
        content = board_pack_files.board_pack_xlsx(pack)
    else:
        content = board_pack_files.board_pack_pdf(pack)
    response = HttpResponse(content, content_type=board_pack_files.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="carers_board_pack_{period.start:%Y-%m}.{file_format}"'
    )
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
