"""Things a triage worker would trip over on the referral, decision and assignment pages."""

import pytest
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tests.triage.factories import ReferralFactory
from triage import services
from triage.models import ReferralStatus

pytestmark = pytest.mark.django_db


def test_decision_page_links_to_where_the_carer_record_is_linked(world, client_for):
    referral = ReferralFactory(team=world.team_x, last_name="Unmatchable")
    referral, _proposal = services.referral_triage_record(
        referral=referral,
        version=referral.version,
        caring_hours="20_49",
        health_impact="some",
        breakdown_risk="low",
        carer_hospital_admission=False,
        urgency="routine",
    )
    client = client_for(world.user("triage_worker"))
    decision = reverse("triage:referral-decision", kwargs={"reference": referral.reference})
    page = client.get(decision).content.decode()

    detail = reverse("triage:referral-detail", kwargs={"reference": referral.reference})
    assert f'href="{detail}#carer-record">Link this referral to a carer record</a>' in page
    assert 'id="carer-record"' in client.get(detail).content.decode()


def test_creating_a_carer_record_is_not_presented_as_a_destructive_action(world, client_for):
    referral = ReferralFactory(team=world.team_x, last_name="Unmatchable")
    url = reverse("triage:referral-detail", kwargs={"reference": referral.reference})
    page = client_for(world.user("triage_worker")).get(url).content.decode()
    assert "This is a new carer: create a record" in page
    assert "govuk-button--warning" not in page


def test_assignment_choices_say_which_team_each_worker_is_in(world, client_for):
    """A manager of two teams sees both teams' workers; picking one from the wrong team
    was only caught after submitting."""
    team_z = TeamFactory(name="Team Z")
    manager = world.user("team_manager")
    manager.teams.add(team_z)
    UserFactory(first_name="Zed", last_name="Zimmer", role="assessor", teams=[team_z])
    referral = ReferralFactory(team=world.team_x, status=ReferralStatus.TRIAGED)

    url = reverse("triage:referral-assign", kwargs={"reference": referral.reference})
    page = client_for(manager).get(url).content.decode()
    assert "Zed Zimmer (Team Z)</option>" in page
    assert f"{world.user('assessor')} (Team X)</option>" in page


def test_check_answers_has_a_back_link_to_the_last_question(world):
    from django.core.cache import cache
    from django.test import Client

    from tests.triage.test_public_referral import answer_all

    cache.clear()
    client = Client()
    answer_all(client)
    page = client.get(reverse("triage:referral-check")).content.decode()
    back = reverse("triage:referral-step", kwargs={"step": "reason"})
    assert f'<a href="{back}" class="govuk-back-link">Back</a>' in page


def test_an_empty_caseload_says_so_rather_than_blaming_filters(world, client_for):
    client = client_for(world.user("assessor"))
    page = client.get(reverse("triage:caseload")).content.decode()
    assert "You have no open referrals assigned to you." in page
    assert "No referrals match these filters." not in page

    filtered = client.get(reverse("triage:caseload") + "?q=nobody").content.decode()
    assert "No referrals match these filters." in filtered
