"""The queue pages by keyset: Next and Previous walk every open referral once, oldest first, at
the same cost on every page, and the count stops at a cap instead of counting the county."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers_portal import keyset
from tests.triage.factories import ReferralFactory
from triage.models import ReferralStatus

pytestmark = pytest.mark.django_db
QUEUE = reverse("triage:queue")


def _open_referrals(team, count):
    start = timezone.now() - datetime.timedelta(days=count)
    # Two referrals share each received time, so the id must break ties.
    return [
        ReferralFactory(team=team, received_at=start + datetime.timedelta(days=n // 2))
        for n in range(count)
    ]


def _references(response) -> list[str]:
    return re.findall(r">(CSS-[A-Z0-9]{6})</a>", response.content.decode())


def _link(response, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', response.content.decode())
    return found and found.group(1).replace("&amp;", "&")


def test_next_and_previous_walk_every_open_referral_once_oldest_first(world, client_for):
    referrals = _open_referrals(world.team_x, 60)
    ReferralFactory(team=world.team_x, status=ReferralStatus.CLOSED)
    ReferralFactory(team=world.team_y)
    client = client_for(world.user("triage_worker"))
    pages, response = [], client.get(QUEUE)
    while True:
        pages.append(_references(response))
        assert "60 in total" in response.content.decode()
        following = _link(response, "next")
        if not following:
            break
        response = client.get(QUEUE + following)
    assert [len(p) for p in pages] == [25, 25, 10]
    assert sum(pages, []) == [r.reference for r in referrals]
    back = client.get(QUEUE + _link(response, "prev"))
    assert _references(back) == pages[1]
    first = client.get(QUEUE + _link(back, "prev"))
    assert _references(first) == pages[0]
    assert _link(first, "prev") is None


def test_page_links_keep_the_filters(world, client_for):
    for _ in range(30):
        ReferralFactory(team=world.team_x, last_name="Smithson")
    ReferralFactory(team=world.team_x, last_name="Jones")
    client = client_for(world.user("triage_worker"))
    response = client.get(QUEUE, {"q": "smith"})
    following = _link(response, "next")
    assert following.startswith("?q=smith&after=")
    second = client.get(QUEUE + following)
    assert len(_references(second)) == 5
    assert "Jones" not in second.content.decode()


def test_a_deep_page_costs_the_same_queries_as_the_first(world, client_for):
    _open_referrals(world.team_x, 80)
    client = client_for(world.user("triage_worker"))
    client.get(QUEUE)  # sessions and caches warm
    with CaptureQueriesContext(connection) as first:
        response = client.get(QUEUE)
    for _ in range(3):
        response = client.get(QUEUE + _link(response, "next"))
    with CaptureQueriesContext(connection) as deep:
        client.get(QUEUE + _link(response, "prev"))
    assert len(deep.captured_queries) == len(first.captured_queries)
    # No query counts or offsets through the whole queue.
    assert not any("OFFSET" in q["sql"] for q in deep.captured_queries)


def test_the_count_stops_at_the_cap(world, client_for, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 30)
    _open_referrals(world.team_x, 31)
    response = client_for(world.user("triage_worker")).get(QUEUE)
    assert "More than 30 in total" in response.content.decode()


def test_a_cursor_that_is_not_ours_shows_the_first_page(world, client_for):
    referrals = _open_referrals(world.team_x, 3)
    client = client_for(world.user("triage_worker"))
    for bad in ["nonsense", "W10", "WyJub3QgYSBkYXRlIiwgMV0", "%00"]:
        response = client.get(QUEUE, {"after": bad})
        assert response.status_code == 200
        assert _references(response) == [r.reference for r in referrals]


def test_a_reference_search_finds_the_referral_and_a_name_search_probes_no_references(
    world, client_for
):
    referral = ReferralFactory(team=world.team_x, last_name="Smith")
    client = client_for(world.user("triage_worker"))
    code = referral.reference.removeprefix("CSS-")
    for typed in (referral.reference, code.lower(), f"css-{code}"):
        assert _references(client.get(QUEUE, {"q": typed})) == [referral.reference]
    with CaptureQueriesContext(connection) as queries:
        assert _references(client.get(QUEUE, {"q": "smith"})) == [referral.reference]
    listing = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"]]
    assert listing and not any('"reference" =' in sql for sql in listing)
