"""Lists and edit pages that show carers' records say who saw them (one insert per list)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory, CaringRelationshipFactory
from tests.support_plans.factories import EligibleAssessmentFactory

pytestmark = pytest.mark.django_db


def _inserts(queries) -> int:
    return sum(1 for q in queries if 'INSERT INTO "accounts_accessevent"' in q["sql"])


def test_an_api_list_of_25_carers_records_those_25_carers_in_one_insert(world, client_for):
    carers = CarerFactory.create_batch(24, team=world.team_x) + [world.carer_a]
    user = world.user("triage_worker")
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/carers/")
    shown = {row["id"] for row in response.json()["results"]}
    assert shown == {c.pk for c in carers}
    events = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.LIST)
    assert set(events.values_list("carer_id", flat=True)) == shown
    assert events.count() == 25
    assert _inserts(queries.captured_queries) == 1
    assert world.carer_b.pk not in set(events.values_list("carer_id", flat=True))


def test_assessment_and_emergency_card_lists_are_recorded(world, client_for):
    assessment = EligibleAssessmentFactory(carer=world.carer_a)
    plan = plan_for(world.carer_a, cared_for_link=CaringRelationshipFactory(carer=world.carer_a))
    client = client_for(world.user("assessor"))
    for url, obj in (("/api/v1/assessments/", assessment), ("/api/v1/emergency-cards/", plan)):
        assert client.get(url).status_code == 200
        event = AccessEvent.objects.get(
            action=AccessEvent.Action.LIST, object_type=type(obj).__name__, object_id=str(obj.pk)
        )
        assert (event.carer_id, event.path, event.user) == (
            world.carer_a.pk,
            url,
            world.user("assessor"),
        )


def test_the_triage_register_page_records_the_carers_it_lists(world, client_for):
    client_for(world.user("triage_worker")).get(reverse("triage:carer-list"))
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.LIST, carer_id=world.carer_a.pk
    ).exists()


def test_opening_an_edit_page_is_recorded(world, client_for):
    client = client_for(world.user("triage_worker"))
    response = client.get(reverse("triage:carer-edit", kwargs={"pk": world.carer_a.pk}))
    assert response.status_code == 200
    event = AccessEvent.objects.get(action=AccessEvent.Action.EDIT)
    assert (event.carer_id, event.object_type) == (world.carer_a.pk, "Carer")
