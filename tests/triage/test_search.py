"""Staff search: one box across the carers and referrals of the worker's teams."""

import datetime

import pytest
from django.urls import reverse

from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory
from tests.triage.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _search(client, query):
    response = client.get(reverse("triage:search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return [c.full_name for c in results.carers], [r.reference for r in results.referrals]


@pytest.fixture
def people(world):
    jo = CarerFactory(
        team=world.team_x,
        first_name="Jo",
        last_name="Smith",
        date_of_birth=datetime.date(1965, 4, 12),
        postcode="NR2 4SE",
        nhs_number="9434765919",
    )
    CarerFactory(
        team=world.team_x,
        first_name="Sam",
        last_name="Smith",
        date_of_birth=datetime.date(1980, 1, 1),
        postcode="IP1 1AA",
    )
    # Same name and birthday, other team: never shown.
    CarerFactory(
        team=world.team_y,
        first_name="Jo",
        last_name="Smith",
        date_of_birth=datetime.date(1965, 4, 12),
        postcode="NR2 4SE",
    )
    referral = ReferralFactory(
        team=world.team_x, first_name="Kit", last_name="Kemp", postcode="NR9 9ZZ"
    )
    return {"jo": jo, "referral": referral}


@pytest.mark.parametrize(
    ("query", "carers"),
    [
        ("Smith", ["Jo Smith", "Sam Smith"]),
        ("jo smi", ["Jo Smith"]),
        ("12/04/1965", ["Jo Smith"]),
        ("Smith 12-4-1965", ["Jo Smith"]),
        ("1965-04-12", ["Jo Smith"]),
        ("943 476 5919", ["Jo Smith"]),
        ("NR2 4SE", ["Jo Smith"]),
        ("nr2", ["Jo Smith"]),
        ("Nobody", []),
    ],
)
def test_one_box_finds_carers_in_scope(people, world, client_for, query, carers):
    found, _ = _search(client_for(world.user("triage_worker")), query)
    assert found == carers


def test_a_referral_reference_finds_the_referral_with_or_without_prefix(people, world, client_for):
    client = client_for(world.user("assessor"))
    reference = people["referral"].reference
    assert _search(client, reference)[1] == [reference]
    assert _search(client, reference.removeprefix("CSS-").lower())[1] == [reference]
    assert _search(client, "Kemp")[1] == [reference]


def test_a_card_number_finds_the_carer_through_emergency_cards(people, world, client_for):
    plan = plan_for(people["jo"])
    number = plan.cards.get().formatted_number
    found, _ = _search(client_for(world.user("triage_worker")), number)
    assert found == ["Jo Smith"]
    # The other team cannot find Jo by her card.
    assert _search(client_for(world.user("triage_worker_y")), number)[0] == []


def test_search_says_what_it_searched_and_that_it_is_scoped(people, world, client_for):
    response = client_for(world.user("triage_worker")).get(
        reverse("triage:search"), {"q": "Smith 12/04/1965"}
    )
    assert "as date of birth, name, in your teams only" in response.content.decode()


def test_search_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("triage_worker"))
    for _ in range(5):
        CarerFactory(team=world.team_x, last_name="Baker")
        ReferralFactory(team=world.team_x, last_name="Baker")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("triage:search"), {"q": "Baker"})
    for _ in range(45):
        CarerFactory(team=world.team_x, last_name="Baker")
        ReferralFactory(team=world.team_x, last_name="Baker")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("triage:search"), {"q": "Baker"})
    assert len(response.context["results"].carers) == 25


def test_out_of_scope_roles_cannot_search(world, client_for):
    for role in ("carer", "commissioner", "responder"):
        assert client_for(world.user(role)).get(reverse("triage:search")).status_code == 404
