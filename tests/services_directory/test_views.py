import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from services_directory.models import ServiceStatus
from tests.services_directory.factories import ServiceFactory, full_service, term

pytestmark = pytest.mark.django_db

SEARCH = reverse("services_directory:search")


def result_names(response) -> list[str]:
    return [service.name for service in response.context["page_obj"]]


def test_anyone_can_search_without_signing_in(client):
    ServiceFactory(name="Carers advice line")
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Carers advice line" in response.content.decode()


def test_search_by_keyword_category_and_postcode_area(client):
    breaks = term("short-breaks")
    ServiceFactory(name="Sitting service", terms=[breaks])
    ServiceFactory(name="Yarmouth breaks club", terms=[breaks], areas=["NR30"])
    ServiceFactory(name="Advice line", description="Advice about breaks", terms=[term("helpline")])

    assert result_names(client.get(SEARCH, {"q": "breaks"})) == [
        "Advice line",
        "Sitting service",
        "Yarmouth breaks club",
    ]
    assert result_names(client.get(SEARCH, {"category": breaks.id})) == [
        "Sitting service",
        "Yarmouth breaks club",
    ]
    # A service covering listed areas only shows for those; countywide ones always do.
    assert result_names(client.get(SEARCH, {"category": breaks.id, "postcode": "nr1 3qu"})) == [
        "Sitting service"
    ]
    assert result_names(client.get(SEARCH, {"postcode": "NR30"})) == [
        "Advice line",
        "Sitting service",
        "Yarmouth breaks club",
    ]


def test_services_that_have_stopped_are_not_listed(client):
    ServiceFactory(name="Running")
    ServiceFactory(name="Closed for summer", status=ServiceStatus.TEMPORARILY_CLOSED)
    ServiceFactory(name="Gone", status=ServiceStatus.DEFUNCT)
    ServiceFactory(name="Paused", status=ServiceStatus.INACTIVE)
    response = client.get(SEARCH)
    assert result_names(response) == ["Closed for summer", "Running"]
    assert "Temporarily closed" in response.content.decode()


def test_a_postcode_that_is_not_one_is_shown_back_with_an_error(client):
    response = client.get(SEARCH, {"q": "breaks", "postcode": "Norwich"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter a real postcode or postcode area, like NR1 3QU or NR1" in html
    assert 'href="#id_postcode"' in html
    assert 'value="Norwich"' in html
    assert response.context["page_obj"] is None


def test_results_are_paginated_in_25s_and_keep_the_search(client):
    ServiceFactory.create_batch(30, description="Carer support")
    first = client.get(SEARCH, {"q": "carer"})
    assert len(first.context["page_obj"]) == 25
    assert "q=carer&amp;page=2" in first.content.decode()
    second = client.get(SEARCH, {"q": "carer", "page": 2})
    assert len(second.context["page_obj"]) == 5


def test_search_query_count_does_not_grow_with_services(client, django_assert_num_queries):
    terms = [term("helpline"), term("short-breaks")]
    for _ in range(3):
        ServiceFactory(terms=terms)
    query = {"q": "carer", "category": terms[0].id, "postcode": "NR1"}
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, query)
    for _ in range(27):
        ServiceFactory(terms=terms)
    with django_assert_num_queries(len(few)):
        response = client.get(SEARCH, query)
    assert response.context["page_obj"].paginator.count == 30


def test_service_page_shows_how_to_get_in_touch(client):
    service = full_service(name="Carers advice line", minimum_age=18, areas=["NR1", "NR2"])
    response = client.get(reverse("services_directory:service-detail", args=[service.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carers advice line" in html
    assert 'href="tel:01603123456"' in html
    assert "18 and over" in html
    assert "NR1, NR2" in html
    assert "Helpline" in html
    assert "1 Market Street" in html
    assert "Monday and Wednesday, 9am to 5pm" in html


@pytest.mark.parametrize("status", [ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE])
def test_stopped_service_page_is_not_found(client, status):
    service = ServiceFactory(status=status)
    response = client.get(reverse("services_directory:service-detail", args=[service.id]))
    assert response.status_code == 404


FRESHNESS = reverse("services_directory:freshness")


def test_freshness_lists_stale_and_full_services_only(world, client_for, settings):
    settings.DIRECTORY_STALE_AFTER_MONTHS = 6
    today = timezone.localdate()
    ServiceFactory(name="Fresh", last_verified_on=today)
    ServiceFactory(
        name="Checked 7 months ago", last_verified_on=today - datetime.timedelta(days=214)
    )
    ServiceFactory(name="Never checked", last_verified_on=None)
    ServiceFactory(name="Full", capacity=10, uptake=10, last_verified_on=today)
    ServiceFactory(name="Room left", capacity=10, uptake=9, last_verified_on=today)
    ServiceFactory(name="Gone", status=ServiceStatus.DEFUNCT, last_verified_on=None)
    response = client_for(world.user("commissioner")).get(FRESHNESS)
    assert response.status_code == 200
    assert sorted(result_names(response)) == ["Checked 7 months ago", "Full", "Never checked"]
    html = response.content.decode()
    assert "At capacity" in html
    assert "more than 6 months" in html


def test_freshness_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for(world.user("administrator"))
    ServiceFactory.create_batch(3, last_verified_on=None)
    with CaptureQueriesContext(connection) as few:
        client.get(FRESHNESS)
    ServiceFactory.create_batch(27, last_verified_on=None)
    with django_assert_num_queries(len(few)):
        response = client.get(FRESHNESS)
    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["page_obj"]) == 25
