"""The Open Referral UK v3.0 feed, checked against the ORUK JSON schemas."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services_directory.models import ServiceStatus
from services_directory.taxonomy import TAXONOMY_ID
from tests.services_directory.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    full_service,
    term,
)
from tests.services_directory.oruk_schema_loader import assert_valid, load, page_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    # No session, no token, and CSRF enforced: the feed must still answer.
    return Client(enforce_csrf_checks=True)


def get(api, name, query="", **kwargs):
    response = api.get(reverse(f"oruk:{name}", kwargs=kwargs) + (f"?{query}" if query else ""))
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_root_describes_the_api(api):
    response = get(api, "root")
    assert response.status_code == 200
    assert response.json()["version"] == "3.0"
    assert response.json()["openapi_url"].endswith("/3.0/openapi.json")
    assert "profile" in response.json()


def test_services_list_validates_and_pages(api):
    full_service(name="Carers advice line")
    ServiceFactory.create_batch(3)
    response = get(api, "service-list", "per_page=2&page=2")
    body = response.json()
    assert response.status_code == 200
    assert_valid(body, page_schema(load("compiled/service_list.json")))
    assert body["total_items"] == 4
    assert body["total_pages"] == 2
    assert body["page_number"] == 2
    assert body["size"] == 2
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, False)


def test_services_list_leaves_out_services_that_have_stopped(api):
    ServiceFactory(name="Running service")
    ServiceFactory(name="Old service", status=ServiceStatus.DEFUNCT)
    ServiceFactory(name="Paused service", status=ServiceStatus.INACTIVE)
    names = [s["name"] for s in get(api, "service-list").json()["contents"]]
    assert names == ["Running service"]


def test_services_filters(api):
    breaks = term("short-breaks")
    ServiceFactory(name="Young carers club", minimum_age=5, maximum_age=17, terms=[breaks])
    ServiceFactory(name="Sitting service", minimum_age=18, terms=[breaks])
    ServiceFactory(name="Advice line", terms=[term("information-and-advice")])

    def names(query):
        return sorted(s["name"] for s in get(api, "service-list", query).json()["contents"])

    assert names(f"taxonomy_term_id={breaks.id}") == ["Sitting service", "Young carers club"]
    assert names("search=club") == ["Young carers club"]
    assert names("search=short breaks") == ["Sitting service", "Young carers club"]
    # ORUK: a minimum age of at least / a maximum age at or below the value asked for.
    assert names("minimum_age=5") == ["Sitting service", "Young carers club"]
    assert names("minimum_age=10") == ["Sitting service"]
    assert names("maximum_age=17") == ["Young carers club"]
    assert names("maximum_age=16") == []
    assert names(f"taxonomy_id={TAXONOMY_ID}") == [
        "Advice line",
        "Sitting service",
        "Young carers club",
    ]


def test_empty_list_says_so(api):
    body = get(api, "service-list", "search=nothing matches this").json()
    assert_valid(body, page_schema(load("compiled/service_list.json")))
    assert (body["total_items"], body["empty"], body["contents"]) == (0, True, [])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=-1", "per_page"),
        ("per_page=1000", "per_page"),
        ("minimum_age=old", "minimum_age"),
        ("taxonomy_term_id=not-an-id", "taxonomy_term_id"),
    ],
)
def test_bad_paging_or_filter_parameters_get_a_clear_400(api, query, field):
    response = get(api, "service-list", query)
    assert response.status_code == 400
    assert field in response.json()[field][0]


def test_service_detail_is_fully_nested_and_valid(api):
    service = full_service(name="Carers advice line", areas=["NR1"], minimum_age=18)
    response = get(api, "service-detail", service_id=str(service.id))
    body = response.json()
    assert response.status_code == 200
    assert_valid(body, load("compiled/service.json"))
    assert body["organization"]["name"] == service.organisation.name
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {
        "Information and advice",
        "Helpline",
    }
    assert body["contacts"][0]["phones"][0]["number"] == "01603 123456"
    assert body["service_areas"][0]["name"] == "NR1"
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "NR1 3QU"
    assert body["schedules"][0]["opens_at"] == "09:00"
    assert body["cost_options"][0]["amount"] == 5.0
    assert body["funding"][0]["source"].endswith("Care Act funding")
    # Contract values are commissioning data, not for the public feed.
    assert "120000" not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["service-detail", "taxonomy-detail", "taxonomy-term-detail", "service-at-location-detail"],
)
@pytest.mark.parametrize("object_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_unknown_id_is_a_json_404(api, name, object_id):
    kwarg = {
        "service-detail": "service_id",
        "taxonomy-detail": "taxonomy_id",
        "taxonomy-term-detail": "term_id",
        "service-at-location-detail": "service_at_location_id",
    }[name]
    response = get(api, name, **{kwarg: object_id})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_endpoint_is_a_json_404_with_cors(api):
    response = api.get("/openreferral/organizations")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "organizations" in response.json()["detail"]


def test_defunct_service_is_not_found(api):
    service = ServiceFactory(status=ServiceStatus.DEFUNCT)
    assert get(api, "service-detail", service_id=str(service.id)).status_code == 404


def test_taxonomies_validate(api):
    body = get(api, "taxonomy-list").json()
    assert_valid(body, page_schema(load("taxonomy.json")))
    assert body["contents"][0]["name"] == "Carer support categories"
    detail = get(api, "taxonomy-detail", taxonomy_id=str(TAXONOMY_ID)).json()
    assert_valid(detail, load("taxonomy.json"))
    assert len(detail["taxonomy_terms"]) >= 12


def test_taxonomy_terms_validate(api):
    body = get(api, "taxonomy-term-list", "per_page=100").json()
    assert_valid(body, page_schema(load("taxonomy_term.json")))
    assert "Think Carer awareness training" in {t["name"] for t in body["contents"]}
    advice = term("information-and-advice")
    detail = get(api, "taxonomy-term-detail", term_id=str(advice.id)).json()
    assert_valid(detail, load("taxonomy_term.json"))
    assert detail["taxonomy_id"] == str(TAXONOMY_ID)


def test_service_at_locations_validate_and_filter_by_postcode_coverage(api):
    full_service(name="Countywide advice")
    ServiceAtLocationFactory(
        service=ServiceFactory(name="Yarmouth drop-in", areas=["NR30", "NR31"]),
        location=LocationFactory(name="Yarmouth library", postal_code="NR30 1AB"),
    )
    body = get(api, "service-at-location-list").json()
    assert_valid(body, page_schema(load("compiled/service_at_location_list.json")))
    assert body["total_items"] == 2

    def names(postcode):
        contents = get(api, "service-at-location-list", f"postcode={postcode}").json()["contents"]
        return sorted(c["service"]["name"] for c in contents)

    assert names("nr31 2zz") == ["Countywide advice", "Yarmouth drop-in"]
    assert names("NR1 3QU") == ["Countywide advice"]


def test_service_at_locations_refuses_a_postcode_that_is_not_one(api):
    response = get(api, "service-at-location-list", "postcode=nowhere")
    assert response.status_code == 400
    assert "postcode" in response.json()["postcode"][0]


def test_service_at_location_detail_validates(api):
    service = full_service()
    sal = service.service_at_locations.get()
    body = get(api, "service-at-location-detail", service_at_location_id=str(sal.id)).json()
    assert_valid(body, load("compiled/service_at_location.json"))
    assert body["service"]["contacts"][0]["phones"][0]["number"] == "01603 123456"


def _count_queries(api, name, query=""):
    with CaptureQueriesContext(connection) as captured:
        assert get(api, name, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["service-list", "service-at-location-list"])
def test_list_query_count_does_not_grow_with_services(api, name):
    def add(count):
        for _ in range(count):
            ServiceAtLocationFactory(
                service=ServiceFactory(terms=[term("helpline"), term("short-breaks")])
            )

    add(3)
    few = _count_queries(api, name, "per_page=100")
    add(27)
    many = _count_queries(api, name, "per_page=100")
    assert few == many
