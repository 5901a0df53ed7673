"""The role x URL matrix for writes, and for staff of another team.

Every route in the matrix is POSTed by every role with a valid CSRF token (so a refusal is
the service's, not the CSRF check's): a role the row does not allow gets 404 (or 405 where the
route takes no POST), a signed-out visitor is sent to sign in or refused, and an allowed role
never gets a server error. Routes that only take POST (or PATCH) have their own rows here.
Staff of team Y get 404 on every record page of team X's carer, reading or writing. A POST
route with no row fails the meta-test.
"""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from carers_portal.accounts.roles import Role
from tests.conftest import sign_in_client
from tests.factories import UserFactory
from tests.routes import ALL_SIGNED_IN, ANONYMOUS, CASEWORK, NOT_IN_MATRIX, Route
from tests.test_access_matrix import ROLES, all_route_names, collect_routes

EDITORS = frozenset({Role.ASSESSOR.value, Role.TEAM_MANAGER.value})
COMMISSIONING = frozenset({Role.COMMISSIONER.value, Role.ADMINISTRATOR.value})
OTHER_TEAM_ROLES = ("triage_worker_y", "assessor_y", "team_manager_y")
# Record pages whose objects belong to team X's carer: out of scope for team Y's staff.
TEAM_SCOPED_NAMESPACES = (
    "triage:",
    "assessments:",
    "support_plans:",
    "emergency_cards:",
    "online_accounts:",
    "governance:carer-",
    "governance:challenge-log",
    "governance:challenge-detail",
)
TEAM_SCOPED_API = (
    "api:carer",
    "api:referral",
    "api:assessment",
    "api:support-plan",
    "api:emergency-card",
)
# Routes no session can drive, with the reason: each has its own tests.
NOT_IN_WRITE_MATRIX = {
    "accounts:reset-confirm": "needs a one-time token; tests/accounts/test_password_reset.py",
    "governance:sar-download": "needs a one-time token; tests/governance/test_sar.py",
    "notifications:delivery-receipt": (
        "GOV.UK Notify's bearer token, not a session; tests/notifications/test_notify_client.py"
    ),
}


def _write_routes(world) -> list[tuple[Route, str, dict]]:
    """The routes that take only POST or PATCH: (row, method, data)."""
    from knox.models import AuthToken

    from tests.assessments.factories import AssessmentFactory
    from tests.triage.factories import ReferralFactory
    from triage.services import task_create

    referral = ReferralFactory(team=world.team_x, carer=None, last_name=world.carer_a.last_name)
    task = task_create(
        kind="review_requested", title="Asked for a review", team=world.team_x, carer=world.carer_a
    )
    assessment = AssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    someone_else = UserFactory(username="token-owner", role=Role.ASSESSOR, teams=[world.team_x])
    token, _ = AuthToken.objects.create(user=someone_else)
    from reporting.models import BudgetLine

    line = BudgetLine.objects.order_by("pk").first()
    rows = [
        (Route("accounts:keep-alive", ALL_SIGNED_IN), "post", {}),
        (Route("accounts:mfa-backup-renew", ALL_SIGNED_IN), "post", {}),
        (
            # Nobody but its owner may revoke a token; the owner's case is in its own tests.
            Route("accounts:api-token-revoke", frozenset(), {"token_key": token.token_key}),
            "post",
            {},
        ),
        (
            Route("triage:referral-link", CASEWORK, {"reference": referral.reference}),
            "post",
            {"carer": world.carer_a.pk, "version": referral.version},
        ),
        (
            Route("triage:referral-carer-create", CASEWORK, {"reference": referral.reference}),
            "post",
            {"version": referral.version},
        ),
        (Route("triage:task-claim", CASEWORK, {"pk": task.pk}), "post", {"version": task.version}),
        (
            Route("api:assessment-complete", EDITORS, {"pk": assessment.pk}, api=True),
            "post",
            {},
        ),
        (
            Route("api:emergency-card-lookup", frozenset({Role.RESPONDER.value}), api=True),
            "post",
            {},
        ),
        (Route("api:reporting-budget-lines", COMMISSIONING, api=True), "post", {}),
        (Route("reporting:recompute", COMMISSIONING), "post", {}),
    ]
    # Last, as it ends the session the other rows use.
    sign_out = (Route("accounts:sign-out", ALL_SIGNED_IN | {ANONYMOUS}), "post", {})
    if line is not None:
        rows.append(
            (
                Route("api:reporting-budget-line", COMMISSIONING, {"line_id": line.pk}, api=True),
                "patch",
                {},
            )
        )
    return [*rows, sign_out]


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        sign_in_client(client, user)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def _url(route: Route) -> str:
    return reverse(route.name, kwargs=route.kwargs) + (f"?{route.query}" if route.query else "")


def _send(client: Client, method: str, route: Route, data: dict) -> int:
    send = getattr(client, method)
    if route.api:
        return send(_url(route), data, content_type="application/json").status_code
    return send(_url(route), data).status_code


def _denied(role: str, route: Route) -> set[int]:
    if role == ANONYMOUS:
        return {401, 403, 405} if route.api else {302, 401, 403, 405}
    return {404, 405}


def _refused_or_allowed(role: str, route: Route, status: int, *, reads: bool) -> str | None:
    """`reads`: a row of the GET matrix, where a role may read what it may not change (404)."""
    if role in route.allowed:
        refused = (403,) if reads else (403, 404)
        if status >= 500 or status in refused:
            return f"allowed but answered {status}"
        return None
    if status not in _denied(role, route):
        return f"answered {status}, expected one of {sorted(_denied(role, route))}"
    return None


def _with_other_team_staff(world) -> None:
    for role in (Role.ASSESSOR, Role.TEAM_MANAGER):
        world.users[f"{role.value}_y"] = UserFactory(
            username=f"{role.value}-y", role=role, teams=[world.team_y]
        )


def _team_scoped(route: Route) -> bool:
    if not route.kwargs or ANONYMOUS in route.allowed:
        return False
    return route.name.startswith(TEAM_SCOPED_NAMESPACES) or route.name.startswith(TEAM_SCOPED_API)


def test_every_route_that_takes_a_post_has_a_row(world):
    """The GET matrix's exemptions are POST routes: each must have a row here instead."""
    covered = {route.name for route, _, _ in _write_routes(world)} | set(NOT_IN_WRITE_MATRIX)
    missing = sorted(set(NOT_IN_MATRIX) - covered)
    assert missing == [], f"POST routes with no row in the write matrix: {missing}"
    assert set(NOT_IN_WRITE_MATRIX) <= all_route_names()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_can_write_only_where_it_may(world, role):
    client = _csrf_client(None if role == ANONYMOUS else world.user(role))
    failures = []
    for route in collect_routes(world):
        status = client.post(_url(route), {}).status_code
        problem = _refused_or_allowed(role, route, status, reads=True)
        if problem:
            failures.append(f"POST {route.name} as {role}: {problem}")
    for route, method, data in _write_routes(world):
        status = _send(client, method, route, data)
        problem = _refused_or_allowed(role, route, status, reads=False)
        if problem:
            failures.append(f"{method.upper()} {route.name} as {role}: {problem}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("role", OTHER_TEAM_ROLES)
def test_staff_of_another_team_find_nothing_of_this_teams_carers(world, role):
    _with_other_team_staff(world)
    reader = _csrf_client(world.user(role))
    failures, checked = [], 0
    for route in collect_routes(world):
        if not _team_scoped(route) or role.removesuffix("_y") not in route.allowed:
            continue
        checked += 1
        url = _url(route)
        got, posted = reader.get(url).status_code, reader.post(url, {}).status_code
        if got != 404:
            failures.append(f"GET {route.name} as {role}: {got}, expected 404")
        if posted not in (404, 405):
            failures.append(f"POST {route.name} as {role}: {posted}, expected 404")
    for route, method, data in _write_routes(world):
        if not _team_scoped(route) or role.removesuffix("_y") not in route.allowed:
            continue
        status = _send(reader, method, route, data)
        if status not in (404, 405):
            failures.append(f"{method.upper()} {route.name} as {role}: {status}, expected 404")
    assert checked >= 10, "the team's record pages should be in the matrix"
    assert failures == [], "\n".join(failures)
