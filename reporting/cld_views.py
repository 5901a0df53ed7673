"""Reporting pages for the CLD return's validation report, recompute now and the identified
carer population. Views parse input and call selectors and services."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from reporting import selectors
from reporting.forms import IdentifiedPopulationForm
from reporting.models import IdentifiedCarerPopulation, ReturnRun
from reporting.services.population import identified_population_save
from reporting.services.recompute import figures_recompute_now

COMMISSIONING = (Role.COMMISSIONER, Role.ADMINISTRATOR)
ISSUES_PAGE_SIZE = 50
# Where "Recompute now" may send the user back to: a fixed list, never a typed address.
RETURN_TO = {
    "dashboard": "reporting:dashboard",
    "ni135": "reporting:ni135",
    "budget": "reporting:budget",
}
# A spreadsheet would run a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cld_run(request: HttpRequest, run_id: int) -> ReturnRun:
    runs = selectors.return_run_list_visible_to(request.user).filter(kind=ReturnRun.ReturnKind.CLD)
    return get_object_or_404(runs, id=run_id)


@role_required(*COMMISSIONING)
def validation_report(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _cld_run(request, run_id)
    issues = run.issues.order_by("row_number", "id")
    by_rule = (
        run.issues.values("rule", "severity", "problem", "fix")
        .annotate(stored=Count("id"))
        .order_by("rule", "severity", "problem")
    )
    counts = run.figures.get("validation", {})
    page = Paginator(issues, ISSUES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/validation.html",
        {
            "run": run,
            "validation": counts,
            "by_rule": by_rule,
            "page_obj": page,
            "errors_only": run.issues.filter(severity="error").exists(),
        },
    )


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@role_required(*COMMISSIONING)
def validation_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _cld_run(request, run_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["row", "field", "value", "problem", "how to fix it", "rule", "severity"])
    for issue in run.issues.order_by("row_number", "id").iterator():
        writer.writerow(
            [
                _cell(issue.row_number),
                _cell(issue.field),
                _cell(issue.value),
                _cell(issue.problem),
                _cell(issue.fix),
                _cell(issue.rule),
                _cell(issue.severity),
            ]
        )
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{run.file_stem}_validation.csv"'
    return response


@role_required(*COMMISSIONING)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    target = RETURN_TO.get(request.POST.get("return_to", ""), "reporting:dashboard")
    figures_recompute_now(today=selectors.today())
    messages.success(request, "Figures worked out again from the records as they are now")
    return redirect(target)


@role_required(*COMMISSIONING)
def population(request: HttpRequest) -> HttpResponse:
    form = IdentifiedPopulationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = identified_population_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else "count", problem)
        else:
            messages.success(
                request, f"Saved {saved} for the year starting April {saved.financial_year}"
            )
            return redirect("reporting:population")
    rows = IdentifiedCarerPopulation.objects.select_related("entered_by")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "reporting/population.html", {"form": form, "page_obj": page})
