import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carers_portal.accounts.roles import Role
from tests.routes import (
    ANONYMOUS,
    APP_ROUTE_MODULES,
    NOT_IN_MATRIX,
    NOT_IN_MATRIX_PREFIXES,
)

ROLES = [ANONYMOUS, *[r.value for r in Role]]


def all_route_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def collect_routes(world):
    routes = []
    for module_name in APP_ROUTE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        routes.extend(module.routes(world))
    return routes


def test_every_route_has_a_policy_row(world):
    covered = {route.name for route in collect_routes(world)} | set(NOT_IN_MATRIX)
    missing = {
        name
        for name in all_route_names()
        if name not in covered and not name.startswith(NOT_IN_MATRIX_PREFIXES)
    }
    assert missing == set(), f"Routes with no row in the role x URL matrix: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_routes(world, client_for, role):
    client = client_for(None if role == ANONYMOUS else world.user(role))
    failures = []
    for route in collect_routes(world):
        url = reverse(route.name, kwargs=route.kwargs) + (f"?{route.query}" if route.query else "")
        response = client.get(url)
        if role in route.allowed:
            ok = route.ok_status
            expected = set(ok) if isinstance(ok, frozenset) else {ok}
        elif role == ANONYMOUS:
            # Signed-out visitors are sent to sign in (pages) or refused (API).
            expected = {401, 403} if route.api else {302}
        else:
            expected = {404}
        if response.status_code not in expected:
            failures.append(f"{route.name} as {role}: {response.status_code}, expected {expected}")
        if role == ANONYMOUS and role not in route.allowed and not route.api:
            assert "/accounts/sign-in/" in response.get("Location", ""), route.name
    assert failures == []
