"""The service navigation: the few places each role goes to most, defined once here.

Each role's home page lists everything it can do; the navigation carries only the
everyday destinations so it stays short enough to scan and to wrap on a phone.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from carers_portal.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


NAVIGATION: dict[Role, list[NavItem]] = {
    Role.TRIAGE_WORKER: [
        NavItem("Queue", "triage:queue"),
        NavItem("Worktray", "triage:tray"),
        NavItem("My caseload", "triage:caseload"),
        NavItem("Carers register", "triage:carer-list"),
        NavItem("Search", "triage:search"),
        NavItem("New referral", "triage:referral-create"),
    ],
    Role.ASSESSOR: [
        NavItem("Worktray", "triage:tray"),
        NavItem("My assessments", "assessments:mine"),
        NavItem("Reviews due", "assessments:reviews-due"),
        NavItem("Carers register", "triage:carer-list"),
        NavItem("Search", "triage:search"),
        NavItem("Support plans", "support_plans:plan-list"),
    ],
    Role.TEAM_MANAGER: [
        NavItem("Queue", "triage:queue"),
        NavItem("Worktray", "triage:tray"),
        NavItem("Approvals", "assessments:approvals"),
        NavItem("Reviews due", "assessments:reviews-due"),
        NavItem("Support plans", "support_plans:plan-list"),
        NavItem("Dashboard", "reporting:dashboard"),
    ],
    Role.COMMISSIONER: [
        NavItem("Dashboard", "reporting:dashboard"),
        NavItem("Budget", "reporting:budget"),
        NavItem("Returns", "reporting:returns"),
        NavItem("Directory freshness", "services_directory:freshness"),
    ],
    Role.RESPONDER: [
        NavItem("Look up a card", "emergency_cards:lookup"),
    ],
    Role.CARER: [
        NavItem("My support plan", "support_plans:my-plans"),
        NavItem("My emergency card", "emergency_cards:my"),
    ],
    # Someone acting for a carer: their home page lists the one or two pages they may read.
    Role.REPRESENTATIVE: [],
    Role.ADMINISTRATOR: [
        NavItem("Admin", "admin:index"),
        NavItem("Directory", "services_directory:search"),
    ],
}


# Visitors who are not signed in: the public directory and self-referral had no way in
# except a typed address or the sign-in page.
VISITOR_NAVIGATION = [
    NavItem("Find support services", "services_directory:search"),
    NavItem("Refer a carer", "triage:referral-start"),
    NavItem("Sign in", "accounts:sign-in"),
]


def navigation_items(role: Role | str | None, path: str) -> list[dict]:
    """Home plus the role's items (or the visitor's items when `role` is None); the one
    whose URL is the longest prefix of `path` is current.

    Longest prefix, so /reporting/budget/ marks "Budget" rather than "Dashboard" (/reporting/),
    and a referral or plan page deep inside a section still shows where the user is.
    """
    from carers_portal.views import ROLE_HOME_URL_NAMES

    if role is None:
        items = [{"label": i.label, "href": reverse(i.url_name)} for i in VISITOR_NAVIGATION]
    else:
        role = Role(role)
        items = [{"label": "Home", "href": reverse(ROLE_HOME_URL_NAMES[role])}]
        items += [{"label": i.label, "href": reverse(i.url_name)} for i in NAVIGATION[role]]
    matches = [item for item in items if path.startswith(item["href"])]
    current = max(matches, key=lambda item: len(item["href"]), default=None)
    for item in items:
        item["active"] = item is current
    return items


def service_navigation(request: HttpRequest) -> dict:
    """The navigation for the page. A record page renders each of its panels with the request,
    so this runs once per panel: the items are worked out once per request and user."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    key = (user.pk, user.role) if signed_in else None
    cached = getattr(request, "_service_navigation", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    if not signed_in:
        context = {"service_navigation_items": navigation_items(None, request.path)}
    elif not user.role:
        context = {}
    else:
        context = {"service_navigation_items": navigation_items(user.role, request.path)}
    request._service_navigation = (key, context)
    return context
