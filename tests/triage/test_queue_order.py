"""The queue a worker can scan: priority first, then time left; urgency at intake shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.triage.factories import ReferralFactory
from triage import services
from triage.models import Referral

pytestmark = pytest.mark.django_db


def _refer(world, *, days_ago=0, urgent=False, **extra):
    referral = services.referral_create(
        first_name=extra.pop("first_name", "Pat"),
        last_name=extra.pop("last_name", "Price"),
        date_of_birth=datetime.date(1960, 5, 5),
        postcode="NR1 1AA",
        preferred_contact="phone",
        caring_hours="20_49",
        cared_for_first_name="Lee",
        cared_for_last_name="Price",
        cared_for_relationship="parent",
        cared_for_support_reason="dementia",
        reason="Needs a break",
        consent=True,
        source="self",
        urgent_at_intake=urgent,
        team=world.team_x,
        received_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    return referral


def test_a_new_urgent_referral_is_first_above_older_overdue_ones(world, client_for):
    for n in range(30):
        _refer(world, days_ago=20 + n, last_name=f"Older{n}")
    urgent = _refer(world, urgent=True, last_name="Urgent")
    page = client_for(world.user("triage_worker")).get(reverse("triage:queue"))
    rows = page.context["rows"]
    assert rows[0]["referral"] == urgent
    body = page.content.decode()
    assert body.count('data-testid="intake-urgent"') == 1
    assert "Help needed today" in body
    assert "Provisional" in body


def test_within_a_priority_the_least_time_left_comes_first(world, client_for):
    standard_new = _refer(world, days_ago=0, last_name="New")
    standard_old = _refer(world, days_ago=3, last_name="Old")
    triaged = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = services.referral_triage_record(
        referral=triaged,
        version=triaged.version,
        caring_hours="50_plus",
        health_impact="significant",
        breakdown_risk="some",
        carer_hospital_admission=False,
        urgency="this_week",
    )
    services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="high",
        pathway="carers_assessment",
        override_reason="",
        by=world.user("triage_worker"),
    )
    rows = client_for(world.user("triage_worker")).get(reverse("triage:queue")).context["rows"]
    assert [row["referral"].pk for row in rows] == [triaged.pk, standard_old.pk, standard_new.pk]
    assert rows[0]["referral"].clock_due_on is not None


def test_the_queue_counts_open_referrals_by_status(world, client_for):
    _refer(world)
    _refer(world)
    closed = _refer(world)
    services.referral_close(referral=closed, version=closed.version, reason="duplicate")
    _refer(world)
    body = client_for(world.user("triage_worker")).get(reverse("triage:queue")).content.decode()
    assert "<strong>3</strong> awaiting triage" in body
    assert "<strong>0</strong> assessment started" in body


def test_bulk_assign_records_the_reason_on_each_referral(world, client_for):
    one, two, three = _refer(world), _refer(world), _refer(world)
    assessor = world.user("assessor")
    response = client_for(world.user("team_manager")).post(
        reverse("triage:queue"),
        {
            "referrals": [f"{one.pk}:{one.version}", f"{two.pk}:{two.version}"],
            "team": world.team_x.pk,
            "assigned_to": assessor.pk,
            "reason": "Covering for Sam while on leave",
        },
    )
    assert response.status_code == 302
    one.refresh_from_db(), two.refresh_from_db(), three.refresh_from_db()
    assert (one.assigned_to, two.assigned_to, three.assigned_to) == (assessor, assessor, None)
    assert one.assignment_reason == "Covering for Sam while on leave"
    assert one.tasks.get().assigned_to == assessor


def test_bulk_assign_without_a_reason_or_selection_is_explained(world, client_for):
    one = _refer(world)
    response = client_for(world.user("team_manager")).post(
        reverse("triage:queue"), {"team": world.team_x.pk, "reason": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select the referrals to assign" in body
    assert "Enter why you are assigning these referrals" in body
    one.refresh_from_db()
    assert one.assigned_to is None


def test_bulk_assign_leaves_a_referral_someone_changed_meanwhile(world, client_for):
    one, two = _refer(world), _refer(world)
    stale = one.version
    services.referral_update(referral=one, version=one.version, phone="07700 900000")
    client = client_for(world.user("team_manager"))
    response = client.post(
        reverse("triage:queue"),
        {
            "referrals": [f"{one.pk}:{stale}", f"{two.pk}:{two.version}"],
            "team": world.team_x.pk,
            "reason": "Rebalancing",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "1 referral assigned" in body
    assert one.reference in body and "someone else changed them first" in body
    assert Referral.objects.get(pk=two.pk).assignment_reason == "Rebalancing"
    assert Referral.objects.get(pk=one.pk).assignment_reason == ""


# The first page: the signed-in user and their second factor, their teams (once, for the scope
# and both team lists), the teams' workers, the status counts (which are the page's total
# too), the page's ids and rows, and one insert recording what was seen.
QUEUE_FIRST_PAGE_QUERIES = 8


def test_queue_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("triage_worker"))
    for n in range(5):
        _refer(world, days_ago=n)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("triage:queue"))
    assert len(few.captured_queries) <= QUEUE_FIRST_PAGE_QUERIES
    for n in range(45):
        _refer(world, days_ago=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("triage:queue"))
    assert len(response.context["rows"]) == 25
    assert "50 in total" in response.content.decode()


def _row_html(body: str, reference: str) -> str:
    import re  # noqa: PLC0415

    match = re.search(rf'data-reference="{reference}">(.*?)</tr>', body, re.S)
    assert match, f"no row for {reference}"
    return match.group(1)


def test_each_row_shows_its_priority_and_status_as_a_worker_reads_them(world, client_for):
    waiting = _refer(world, last_name="Waiting")
    triaged = _refer(world, last_name="Triaged")
    Referral.objects.filter(pk=triaged.pk).update(priority="high", status="triaged")
    body = client_for(world.user("triage_worker")).get(reverse("triage:queue")).content.decode()

    waiting_row = _row_html(body, waiting.reference)
    assert '<strong class="govuk-tag govuk-tag--blue">Awaiting triage</strong>' in waiting_row
    assert ("Provisional" in waiting_row) == bool(waiting.proposed_priority)
    assert waiting.get_source_display() in waiting_row

    triaged_row = _row_html(body, triaged.reference)
    assert '<strong class="govuk-tag govuk-tag--orange">High</strong>' in triaged_row
    assert '<strong class="govuk-tag govuk-tag--yellow">Triaged</strong>' in triaged_row
    assert "Provisional" not in triaged_row
    assert f'href="/triage/referrals/{triaged.reference}/"' in triaged_row
