import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services_directory.models import ServiceStatus
from tests.services_directory.factories import ServiceFactory, term

pytestmark = pytest.mark.django_db

LIST = reverse("api:service-list")


def test_staff_and_carers_can_list_services_with_filters(world, client_for):
    ServiceFactory(name="Helpline", terms=[term("helpline")])
    ServiceFactory(name="Yarmouth club", areas=["NR30"], capacity=3, uptake=3)
    for role in ("assessor", "carer", "responder"):
        body = client_for(world.user(role)).get(LIST).json()
        assert [s["name"] for s in body["results"]] == ["Helpline", "Yarmouth club"]
    client = client_for(world.user("assessor"))
    assert [
        s["name"] for s in client.get(LIST, {"term": term("helpline").id}).json()["results"]
    ] == ["Helpline"]
    assert [
        s["name"] for s in client.get(LIST, {"postcode_district": "NR1"}).json()["results"]
    ] == ["Helpline"]
    club = client.get(LIST, {"search": "yarmouth"}).json()["results"][0]
    assert club["is_at_capacity"] is True
    assert club["areas"] == ["NR30"]


def test_bad_filters_are_400_with_field_errors(world, client_for):
    client = client_for(world.user("assessor"))
    response = client.get(LIST, {"postcode_district": "Norwich", "term": "nope"})
    assert response.status_code == 400
    assert response.json()["postcode_district"] == ["Enter a postcode district, like NR1"]
    assert "term" in response.json()


def test_the_api_is_read_only(world, client_for):
    client = client_for(world.user("administrator"))
    assert client.post(LIST, {"name": "New"}).status_code == 405


def test_detail_scope_hides_stopped_services_from_non_managers(world, client_for):
    paused = ServiceFactory(status=ServiceStatus.INACTIVE)
    url = reverse("api:service-detail", args=[paused.id])
    assert client_for(world.user("assessor")).get(url).status_code == 404
    assert client_for(world.user("commissioner")).get(url).status_code == 200


def test_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for(world.user("assessor"))
    ServiceFactory.create_batch(3, terms=[term("helpline")])
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    ServiceFactory.create_batch(27, terms=[term("helpline")])
    with django_assert_num_queries(len(few)):
        assert client.get(LIST).json()["count"] == 30
