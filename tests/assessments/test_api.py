import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Assessment
from tests.assessments.factories import ELIGIBLE_ANSWERS
from tests.factories import CarerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.user("assessor"))
    return client


def test_create_with_answers_then_complete_applies_the_rules(world, api):
    response = api.post(
        reverse("api:assessment-list"),
        {"carer": world.carer_a.pk, "kind": "separate", "answers": ELIGIBLE_ANSWERS},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rules_outcome"] == "eligible"
    assert body["team"] == world.team_x.pk
    url = reverse("api:assessment-complete", args=[body["id"]])
    done = api.post(url, {"version": body["version"]}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert done.json()["eligibility_outcome"] == "eligible"
    again = api.post(url, {"version": done.json()["version"]}, format="json")
    assert again.status_code == 409
    assert "already been completed" in again.json()["detail"]


def test_bad_answers_are_400_with_field_errors_and_nothing_saved(world, api):
    response = api.post(
        reverse("api:assessment-list"),
        {
            "carer": world.carer_a.pk,
            "kind": "declined",
            "answers": {"declined_on": "2026-02-31", "able_to_care": "maybe"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["answers"]) == {"declined_on", "able_to_care"}
    assert not Assessment.objects.exists()


def test_completing_with_missing_answers_is_400_listing_them(world, api):
    created = api.post(
        reverse("api:assessment-list"), {"carer": world.carer_a.pk, "kind": "declined"}
    ).json()
    response = api.post(
        reverse("api:assessment-complete", args=[created["id"]]),
        {"version": created["version"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["declined_reason"] == ["Enter the reason the carer gave"]


def test_stale_version_is_409(world, api):
    created = api.post(
        reverse("api:assessment-list"),
        {"carer": world.carer_a.pk, "kind": "separate", "answers": ELIGIBLE_ANSWERS},
        format="json",
    ).json()
    response = api.post(
        reverse("api:assessment-complete", args=[created["id"]]),
        {"version": created["version"] - 1},
        format="json",
    )
    assert response.status_code == 409


def test_out_of_scope_carer_and_assessment_are_404(world, api):
    response = api.post(
        reverse("api:assessment-list"), {"carer": world.carer_b.pk, "kind": "separate"}
    )
    assert response.status_code == 404
    other = APIClient()
    other.force_authenticate(world.user("triage_worker_y"))
    created = api.post(
        reverse("api:assessment-list"), {"carer": world.carer_a.pk, "kind": "separate"}
    ).json()
    assert other.get(reverse("api:assessment-detail", args=[created["id"]])).status_code == 404


def test_triage_worker_reads_but_cannot_complete(world, api):
    created = api.post(
        reverse("api:assessment-list"), {"carer": world.carer_a.pk, "kind": "separate"}
    ).json()
    reader = APIClient()
    reader.force_authenticate(world.user("triage_worker"))
    assert reader.get(reverse("api:assessment-detail", args=[created["id"]])).status_code == 200
    response = reader.post(reverse("api:assessment-complete", args=[created["id"]]), {"version": 1})
    assert response.status_code == 404


def test_api_list_queries_do_not_grow_with_rows(world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.assessments.factories import AssessmentFactory
    from tests.factories import CarerFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(reverse("api:assessment-list")).status_code == 200
        return len(queries)

    for _ in range(3):
        AssessmentFactory(carer=CarerFactory(team=world.team_x))
    count()  # force_authenticate reuses one user object, which caches its team ids
    few = count()
    for _ in range(27):
        AssessmentFactory(carer=CarerFactory(team=world.team_x))
    assert count() == few


def test_another_carers_referral_is_refused_not_silently_dropped(world, api):
    from tests.triage.factories import ReferralFactory

    theirs = ReferralFactory(team=world.team_x, carer=CarerFactory(team=world.team_x))
    response = api.post(
        reverse("api:assessment-list"),
        {"carer": world.carer_a.pk, "kind": "separate", "referral": theirs.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "referral" in response.json()
    assert not Assessment.objects.filter(carer=world.carer_a).exists()
