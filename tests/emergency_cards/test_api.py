import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from carers_portal.accounts.models import AccessEvent
from emergency_cards import rules, services
from emergency_cards.models import EmergencyPlan
from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory, CaringRelationshipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:emergency-card-list")
LOOKUP = reverse("api:emergency-card-lookup")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_holds_only_the_users_teams_plans(world):
    mine = plan_for(world.carer_a)
    plan_for(world.carer_b)
    response = api(world.user("assessor")).get(LIST)
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert response.json()["results"][0]["key_access_recorded"] is True
    assert "key_access" not in response.json()["results"][0]


def test_list_query_count_does_not_grow(world):
    client = api(world.user("assessor"))
    for _ in range(3):
        plan_for(CarerFactory(team=world.team_x))
    client.get(LIST)  # the user's team ids are cached on the user after the first call
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(10):
        plan_for(CarerFactory(team=world.team_x))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).json()["results"]) == 13
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]


def test_retrieve_records_the_read_and_other_teams_get_404(world):
    plan = plan_for(world.carer_a)
    url = reverse("api:emergency-card-detail", kwargs={"pk": plan.pk})
    response = api(world.user("team_manager")).get(url)
    assert response.json()["card_number"] == plan.current_card.card_number
    assert AccessEvent.objects.filter(action=AccessEvent.Action.API_READ).count() == 1
    assert api(world.user("triage_worker_y")).get(url).status_code == 404


def _create_body(link, **overrides):
    body = {
        "carer": link.carer_id,
        "cared_for": link.cared_for_id,
        "needs": "Help with meals",
        "key_access": "Code 9999",
        "contacts": [
            {"name": "Dee", "phone": "07700 900123", "availability": "any_time",
             "consents_to_contact": True, "consents_to_share": True},
            {"name": "Eli", "phone": "07700 900456", "availability": "daytime",
             "consents_to_contact": True, "consents_to_share": True},
        ],
    }  # fmt: skip
    body.update(overrides)
    return body


def test_create_registers_a_plan_with_a_card(world):
    link = CaringRelationshipFactory(carer=world.carer_a)
    response = api(world.user("triage_worker")).post(LIST, _create_body(link), format="json")
    assert response.status_code == 201, response.json()
    assert rules.card_number_check(response.json()["card_number"]).ok
    assert EmergencyPlan.objects.get().key_access == "Code 9999"


def test_create_refuses_bad_contacts_and_other_teams_carers(world):
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = api(world.user("triage_worker"))
    body = _create_body(link)
    body["contacts"][1]["consents_to_share"] = False
    response = client.post(LIST, body, format="json")
    assert response.status_code == 400
    assert "Eli has not agreed to have their details shared" in str(response.json())
    one = _create_body(link, contacts=_create_body(link)["contacts"][:1])
    assert client.post(LIST, one, format="json").status_code == 400
    other = CaringRelationshipFactory(carer=world.carer_b)
    assert client.post(LIST, _create_body(other), format="json").status_code == 404
    assert not EmergencyPlan.objects.exists()


def test_lookup_answers(world):
    plan = plan_for(world.carer_a, key_access="Code 4321")
    number = plan.current_card.card_number
    client = api(world.user("responder"))
    ok = client.post(LOOKUP, {"card_number": number, "reason": "999 call"}, format="json")
    assert ok.status_code == 200
    assert ok.json()["key_access"] == "Code 4321"
    assert [c["name"] for c in ok.json()["contacts"]] == ["Dee Davies", "Eli Evans"]

    wrong = number[:-1] + str((int(number[-1]) + 5) % 10)
    bad = client.post(LOOKUP, {"card_number": wrong, "reason": "999 call"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["card_number"] == [rules.INVALID_CARD_NUMBER_MESSAGE]
    assert client.post(LOOKUP, {"card_number": number}, format="json").status_code == 400

    services.plan_close(plan=plan, version=plan.version, reason="care_home")
    assert (
        client.post(LOOKUP, {"card_number": number, "reason": "x"}, format="json").status_code
        == 404
    )
    unknown = {"card_number": "123456789015", "reason": "x"}
    for _ in range(rules.LOOKUP_FAILURE_LIMIT - 2):
        assert client.post(LOOKUP, unknown, format="json").status_code == 404
    assert client.post(LOOKUP, unknown, format="json").status_code == 429


def test_lookup_is_for_responders_only(world):
    plan = plan_for(world.carer_a)
    body = {"card_number": plan.current_card.card_number, "reason": "x"}
    assert api(world.user("assessor")).post(LOOKUP, body, format="json").status_code == 404
    assert APIClient().post(LOOKUP, body, format="json").status_code in {401, 403}


def test_list_filters_by_carer_without_revealing_other_carers(world):
    mine = plan_for(world.carer_a)
    other = plan_for(world.carer_b)
    client = api(world.user("assessor"))
    rows = client.get(LIST, {"carer": world.carer_a.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    outside = client.get(LIST, {"carer": other.carer_id})
    missing = client.get(LIST, {"carer": 999999})
    assert (outside.status_code, outside.json()["results"]) == (200, [])
    assert (missing.status_code, missing.json()["results"]) == (200, [])


def test_a_refusal_without_a_field_is_still_a_field_error_object(world, monkeypatch):
    # The schema documents 400 bodies as objects (field -> messages); a bare list broke it.
    def refuse(**kwargs):
        raise ValidationError("This carer already has an emergency plan")

    monkeypatch.setattr(services, "plan_register", refuse)
    link = CaringRelationshipFactory(carer=world.carer_a)
    response = api(world.user("triage_worker")).post(LIST, _create_body(link), format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This carer already has an emergency plan"]}
