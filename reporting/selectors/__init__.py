"""Reporting reads: every count is done in SQL (COUNT DISTINCT with FILTER, GROUP BY).

Reporting reads the other apps' tables and never writes them. One module per subject:
`ni135` (the indicator and its inputs), `lts003` (support types), `budget`, `budget_detail`
(what is behind a budget line), `board_pack`, `dashboard` (other apps' figures and the
pre-computed ones) and `returns`; `scope` says who sees what.
Callers use `reporting.selectors.<name>`.
"""

from reporting.selectors.budget import (
    BUDGET_WORKED_OUT_KEY,
    LINE_COMMITMENT_KEYS,
    ZERO,
    Commitment,
    budget_change_list,
    budget_line_list_visible_to,
    budget_stream_list,
    budget_stream_list_visible_to,
    budget_summary,
    budget_summary_stored,
    budget_years,
    contract_commitments,
    line_commitments,
    plan_commitments,
    stored_line_commitments,
)
from reporting.selectors.dashboard import (
    activation_counts,
    breach_counts,
    dashboard_figures,
    directory_freshness_counts,
    monthly_figures,
    monthly_team_figures,
)
from reporting.selectors.lts003 import LIVE_PLAN_STATUSES, live_plan_items_in, support_type_counts
from reporting.selectors.ni135 import (
    SUPPORTED,
    NI135Report,
    counting_choices,
    denominator_for,
    denominator_list_visible_to,
    ni135_report,
    ni135_sql,
    target_for,
    target_list_visible_to,
)
from reporting.selectors.returns import return_run_list_visible_to
from reporting.selectors.scope import (
    can_commission,
    team_scope_for,
    today,
)

__all__ = [
    "BUDGET_WORKED_OUT_KEY",
    "LINE_COMMITMENT_KEYS",
    "LIVE_PLAN_STATUSES",
    "SUPPORTED",
    "ZERO",
    "Commitment",
    "NI135Report",
    "activation_counts",
    "breach_counts",
    "dashboard_figures",
    "budget_change_list",
    "budget_line_list_visible_to",
    "budget_stream_list",
    "budget_stream_list_visible_to",
    "budget_summary",
    "budget_summary_stored",
    "budget_years",
    "can_commission",
    "contract_commitments",
    "counting_choices",
    "denominator_for",
    "denominator_list_visible_to",
    "directory_freshness_counts",
    "line_commitments",
    "live_plan_items_in",
    "monthly_figures",
    "monthly_team_figures",
    "ni135_report",
    "ni135_sql",
    "plan_commitments",
    "return_run_list_visible_to",
    "stored_line_commitments",
    "support_type_counts",
    "target_for",
    "target_list_visible_to",
    "team_scope_for",
    "today",
]
