"""The carer's home page says who to contact: their named worker, the team's number, and how
soon a review they ask for is answered (or, once asked, who will call and by when)."""

import re

import pytest
from django.urls import reverse

from carers_portal.accounts.models import Team
from support_plans import services
from tests.support_plans.factories import ActivePlanFactory, EligibleAssessmentFactory
from tests.triage.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _panel(client) -> str:
    html = client.get(reverse("home-carer")).content.decode()
    found = re.search(r'data-testid="home-who-to-contact">(.*?)</section>', html, flags=re.S)
    assert found, "the home page has no who-to-contact panel"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_a_carer_with_a_plan_sees_their_worker_the_number_and_the_review_timescale(
    world, client_for, settings
):
    settings.TRIAGE_REVIEW_REQUEST_WORKING_DAYS = 10
    Team.objects.filter(pk=world.team_x.pk).update(phone="01632 960101")
    assessor = world.user("assessor")
    ActivePlanFactory(assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=assessor))

    panel = _panel(client_for(world.user("carer")))

    assert f"Your worker is {assessor.get_full_name()} , in Team X." in panel
    assert "call 01632 960101" in panel
    assert (
        "ask for a review of your plan . Someone will contact you within 10 working days" in panel
    )


def test_once_a_review_is_asked_for_the_carer_is_told_by_when(world, client_for):
    assessor = world.user("assessor")
    plan = ActivePlanFactory(
        assessment=EligibleAssessmentFactory(carer=world.carer_a, assessor=assessor)
    )
    services.support_plan_review_request(plan=plan, reason="Mum moved in", user=world.user("carer"))

    panel = _panel(client_for(world.user("carer")))

    assert re.search(
        rf"{assessor.get_full_name()} will contact you by \w+day \d+ \w+ \d{{4}}", panel
    )
    assert "within 10 working days" not in panel


def test_before_any_plan_the_worker_is_the_one_their_referral_went_to(world, client_for, settings):
    settings.SERVICE_PHONE_NUMBER = "0300 123 4500"
    Team.objects.filter(pk=world.team_x.pk).update(phone="")
    worker = world.user("triage_worker")
    ReferralFactory(team=world.team_x, carer=world.carer_a, assigned_to=worker)

    panel = _panel(client_for(world.user("carer")))

    assert f"Your worker is {worker.get_full_name()} , in Team X." in panel
    assert "call 0300 123 4500" in panel
    assert "Once you have a support plan" in panel


def test_changes_waiting_for_the_team_are_on_the_home_page(world, client_for):
    from triage.services import change_request_create

    change_request_create(
        carer=world.carer_a,
        subject="contact_details",
        after={"email": "ann@example.org"},
        requested_by=world.user("carer"),
    )
    panel = _panel(client_for(world.user("carer")))
    assert "You have 1 change to your details waiting to be checked" in panel
