"""The role x URL permission matrix.

Every named route in the URLconf must appear in one app's `tests/<app>/routes.py`
(`def routes(world) -> list[Route]`) or in NOT_IN_MATRIX with a reason;
tests/test_access_matrix.py checks both.
"""

from dataclasses import dataclass, field

from carers_portal.accounts.roles import Role

ANONYMOUS = "anonymous"
ALL_SIGNED_IN = frozenset(r.value for r in Role)
EVERYONE = ALL_SIGNED_IN | {ANONYMOUS}
CASEWORK = frozenset({Role.TRIAGE_WORKER.value, Role.ASSESSOR.value, Role.TEAM_MANAGER.value})

APP_ROUTE_MODULES = [
    "tests.accounts.routes",
    "tests.triage.routes",
    "tests.assessments.routes",
    "tests.support_plans.routes",
    "tests.services_directory.routes",
    "tests.emergency_cards.routes",
    "tests.reporting.routes",
    "tests.carers_portal.routes",
    "tests.governance.routes",
    "tests.notifications.routes",
    "tests.online_accounts.routes",
]

# Routes the matrix does not GET, with the reason.
NOT_IN_MATRIX = {
    "accounts:sign-out": "POST only; covered by tests/accounts/test_sign_in.py",
    "accounts:keep-alive": "POST only; covered by tests/browser/test_timeout_warning.py",
    "accounts:mfa-backup-renew": "POST only; covered by tests/accounts/test_second_factor.py",
    "accounts:api-token-revoke": "POST only; covered by tests/accounts/test_staff_accounts.py",
    "accounts:reset-confirm": "needs a one-time token; covered by tests/accounts/test_password_reset.py",
    "api:assessment-complete": "POST only; covered by tests/assessments/test_api.py",
    "triage:referral-link": "POST only; covered by tests/triage/test_views.py",
    "triage:referral-carer-create": "POST only; covered by tests/triage/test_views.py",
    "triage:task-claim": "POST only; covered by tests/triage/test_tray.py",
    "api:emergency-card-lookup": "POST only; covered by tests/emergency_cards/test_api.py",
    "api:reporting-budget-lines": "POST only; covered by tests/reporting/test_budget.py",
    "api:reporting-budget-line": "PATCH only; covered by tests/reporting/test_budget.py",
    "governance:sar-download": "needs a one-time token; covered by tests/governance/test_sar.py",
    "reporting:recompute": "POST only; covered by tests/reporting/test_one_figure.py",
    "notifications:delivery-receipt": "POST only, bearer token; covered by tests/notifications/test_notify_client.py",
}
# Django admin routes are guarded by Django's own staff check and tested separately.
NOT_IN_MATRIX_PREFIXES = ("admin:",)


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    # What an allowed role gets: 200 for pages, 302 for pages that redirect onwards.
    ok_status: int | frozenset[int] = 200
    api: bool = False
