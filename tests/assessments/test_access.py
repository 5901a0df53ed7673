"""The role x URL matrix for this app's routes alone, plus team scope checks."""

import pytest
from django.urls import reverse

from assessments import services
from carers_portal.accounts.roles import Role
from tests.assessments import routes as assessment_routes
from tests.routes import ANONYMOUS

pytestmark = pytest.mark.django_db
ROLES = [ANONYMOUS, *[r.value for r in Role], "triage_worker_y"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_assessment_routes(world, client_for, role):
    client = client_for(None if role == ANONYMOUS else world.user(role))
    failures = []
    for route in assessment_routes.routes(world):
        response = client.get(reverse(route.name, kwargs=route.kwargs))
        effective_role = "triage_worker" if role == "triage_worker_y" else role
        if effective_role in route.allowed and role != "triage_worker_y":
            ok = route.ok_status
            expected = set(ok) if isinstance(ok, frozenset) else {ok}
        elif role == ANONYMOUS:
            expected = {401, 403} if route.api else {302}
        elif role == "triage_worker_y" and route.name in {
            "assessments:reviews-due",
            "api:assessment-list",
        }:
            expected = {200}  # lists answer, but empty of team X's records (checked below)
        else:
            expected = {404}
        if response.status_code not in expected:
            failures.append(f"{route.name} as {role}: {response.status_code}, expected {expected}")
    assert failures == []


def test_team_y_worker_sees_none_of_team_x_assessments(world, client_for):
    assessment = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    client = client_for(world.user("triage_worker_y"))
    assert client.get(reverse("api:assessment-list")).json()["count"] == 0
    assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 404
    url = reverse("assessments:carer-assessments", args=[world.carer_a.pk])
    assert client.get(url).status_code == 404
