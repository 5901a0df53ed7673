"""The card's life in one table (emergency_cards.rules.TRANSITIONS), used by pages and services."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emergency_cards import rules, services, views
from emergency_cards.models import PlanStatus, ReviewStatus
from tests.emergency_cards.factories import plan_for, two_contacts
from tests.emergency_cards.test_services import activation


def test_rules_constants_mirror_the_model_choices():
    # rules.py holds no ORM, so it repeats the statuses: a new choice must be added to both.
    assert set(rules.PLAN_STATUSES) == set(PlanStatus.values)
    assert (rules.ACTIVE, rules.SUSPENDED, rules.CLOSED) == (
        PlanStatus.ACTIVE,
        PlanStatus.SUSPENDED,
        PlanStatus.CLOSED,
    )
    assert {rules.ReviewState.CURRENT, rules.ReviewState.DUE, rules.ReviewState.EXPIRED} == set(
        ReviewStatus.values
    )


def test_every_transition_names_real_statuses_a_refusal_and_a_source():
    for transition in rules.TRANSITIONS:
        assert transition.sources <= set(rules.PLAN_STATUSES), transition.action
        assert transition.target in (None, *rules.PLAN_STATUSES), transition.action
        assert transition.refusal and transition.citation, transition.action
    assert len(rules.TRANSITIONS_BY_ACTION) == len(rules.TRANSITIONS)


def test_every_status_page_is_an_action_in_the_table():
    assert set(views.STATUS_ACTIONS) <= set(rules.TRANSITIONS_BY_ACTION)


@pytest.mark.parametrize(
    "status, allowed",
    [
        ("active", {"edit", "reissue", "suspend", "close", "confirm", "download_card", "record_emergency"}),
        ("suspended", {"edit", "reissue", "reinstate", "close", "confirm", "download_card"}),
        ("closed", set()),
    ],
)  # fmt: skip
def test_what_each_status_allows(status, allowed):
    assert rules.actions_from(status) == allowed
    for action in rules.TRANSITIONS_BY_ACTION:
        assert rules.transition_check(action=action, status=status).ok == (action in allowed)


def test_a_closed_plan_cannot_be_changed_by_the_service(world):
    plan = plan_for(world.carer_a)
    plan = services.plan_close(plan=plan, version=plan.version, reason="care_home")
    with pytest.raises(ValidationError, match="A closed plan cannot be changed"):
        services.plan_update(plan=plan, version=plan.version, contacts=two_contacts(), needs="x")
    plan.refresh_from_db()
    assert plan.needs != "x"


def test_an_emergency_cannot_be_recorded_against_a_suspended_card(world):
    plan = plan_for(world.carer_a)
    plan = services.plan_suspend(plan=plan, version=plan.version, notes="In hospital")
    with pytest.raises(ValidationError, match="card in use"):
        activation(plan, world.user("responder"))
    assert not plan.activations.exists()


def test_the_plan_page_offers_only_what_the_status_allows(world, client_for):
    plan = plan_for(world.carer_a)
    plan = services.plan_suspend(plan=plan, version=plan.version, notes="In hospital")
    page = client_for(world.user("assessor")).get(
        reverse("emergency_cards:plan-detail", kwargs={"plan_id": plan.pk})
    )
    text = page.content.decode()
    assert "Put the card back in use" in text
    assert "Suspend the card" not in text
    assert "Record an emergency" not in text
    assert "Close the card" in text


def test_a_page_for_an_action_the_status_refuses_is_not_found(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("assessor"))
    url = reverse("emergency_cards:plan-reinstate", kwargs={"plan_id": plan.pk})
    assert client.get(url).status_code == 404
    plan = services.plan_suspend(plan=plan, version=plan.version, notes="In hospital")
    assert client.get(url).status_code == 200


def test_a_stale_status_change_is_the_conflict_page_and_changes_nothing(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("team_manager"))
    url = reverse("emergency_cards:plan-suspend", kwargs={"plan_id": plan.pk})
    services.card_reissue(plan=plan, version=plan.version, reason="Lost")
    response = client.post(url, {"version": "1", "notes": "Long stay in hospital"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else changed this plan" in text
    assert "Long stay in hospital" in text
    assert 'name="version" value="2"' in text
    plan.refresh_from_db()
    assert plan.status == "active"
