"""Closing a referral is a question page that records why it was closed."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carers_portal.versioning import EditConflict
from tests.triage.factories import ReferralFactory
from triage import services
from triage.models import ReferralStatus

pytestmark = pytest.mark.django_db


def _urls(referral):
    kwargs = {"reference": referral.reference}
    return reverse("triage:referral-close", kwargs=kwargs), reverse(
        "triage:referral-detail", kwargs=kwargs
    )


def test_the_referral_page_links_to_the_question_page_and_nothing_closes_on_get(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, detail_url = _urls(referral)
    client = client_for(world.user("triage_worker"))
    assert f'href="{close_url}"' in client.get(detail_url).content.decode()
    page = client.get(close_url).content.decode()
    assert "Why are you closing this referral?" in page
    for label in (
        "Information and advice given",
        "Signposted elsewhere",
        "Carer declined support",
        "Duplicate referral",
        "No longer needed",
        "Other",
    ):
        assert label in page
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED


def test_closing_records_the_reason_and_shows_it_on_the_referral(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, detail_url = _urls(referral)
    client = client_for(world.user("triage_worker"))
    response = client.post(close_url, {"version": referral.version, "reason": "signposted"})
    assert response.status_code == 302
    assert response["Location"] == detail_url
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.closed_reason == "signposted"
    assert referral.closed_at is not None
    page = client.get(detail_url).content.decode()
    assert "Signposted elsewhere" in page
    assert "Close this referral" not in page
    # A closed referral cannot be closed again: the page sends the worker back.
    assert client.get(close_url)["Location"] == detail_url


def test_missing_reason_shows_the_error_summary_and_keeps_the_referral_open(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, _ = _urls(referral)
    response = client_for(world.user("triage_worker")).post(
        close_url, {"version": referral.version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select why you are closing the referral" in page
    assert "<title>Error:" in page
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED


def test_other_needs_details_which_are_then_shown(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, detail_url = _urls(referral)
    client = client_for(world.user("team_manager"))
    response = client.post(close_url, {"version": referral.version, "reason": "other"})
    assert response.status_code == 200
    assert "Enter the reason for closing the referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED
    detail = "Moved out of the county"
    response = client.post(
        close_url, {"version": referral.version, "reason": "other", "detail": detail}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.closed_reason, referral.closed_detail) == ("other", detail)
    page = client.get(detail_url).content.decode()
    assert f"Other: {detail}" in html.unescape(page)


def test_stale_version_is_refused_with_the_conflict_message(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, _ = _urls(referral)
    read_version = referral.version
    services.referral_assign(
        referral=referral, version=read_version, team=world.team_x, assigned_to=None
    )
    response = client_for(world.user("triage_worker")).post(
        close_url,
        {"version": read_version, "reason": "other", "detail": "Moved away"},
    )
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Someone else changed this record while you were editing it" in page
    assert "Moved away" in page  # what they typed is kept
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED


def test_other_team_staff_cannot_close(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    close_url, _ = _urls(referral)
    response = client_for(world.user("triage_worker_y")).post(
        close_url, {"version": referral.version, "reason": "duplicate"}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED


def test_the_service_refuses_other_without_details_and_a_stale_version(world):
    referral = ReferralFactory(team=world.team_x)
    with pytest.raises(ValidationError) as error:
        services.referral_close(referral=referral, version=referral.version, reason="other")
    assert "closed_detail" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CLOSED
    with pytest.raises(EditConflict):
        services.referral_close(referral=referral, version=referral.version + 1, reason="duplicate")
