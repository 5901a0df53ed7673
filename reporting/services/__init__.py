"""Reporting writes: only reporting's own tables (budget, indicator inputs, figures, returns).

One module per subject: `budget`, `indicators` (NI135 denominators and targets), `figures`
(the nightly pre-computed figures), `returns` (a return's rows, producing it, the nightly job)
and `files` (the CSV and XLSX builders). Callers use `reporting.services.<name>`.
"""

from reporting.services.budget import (
    budget_line_create,
    budget_line_update,
    budget_spend_record,
    budget_stream_create,
    budget_stream_set_amount,
)
from reporting.services.figures import figures_refresh
from reporting.services.files import RETURN_COLUMNS, return_csv, return_xlsx
from reporting.services.indicators import denominator_save, target_save
from reporting.services.returns import (
    reporting_nightly,
    return_produce,
    return_request,
    return_rows,
)

__all__ = [
    "RETURN_COLUMNS",
    "budget_line_create",
    "budget_line_update",
    "budget_spend_record",
    "budget_stream_create",
    "budget_stream_set_amount",
    "denominator_save",
    "figures_refresh",
    "reporting_nightly",
    "return_csv",
    "return_produce",
    "return_request",
    "return_rows",
    "return_xlsx",
    "target_save",
]
