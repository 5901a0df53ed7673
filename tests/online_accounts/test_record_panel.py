"""The "Online account" section of the carer's record: status, and people acting for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.online_accounts.factories import acting_for

pytestmark = pytest.mark.django_db


def test_the_record_lists_people_acting_for_the_carer_in_a_flat_number_of_queries(
    world, client_for, django_assert_max_num_queries, settings
):
    settings.SESSION_ACTIVITY_WRITE_SECONDS = 3600  # no activity write between the two pages
    client = client_for(world.user("triage_worker"))
    url = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    # After a first page, as the later grants are made after one (the record's history then
    # names a person for them, in one query however many there are).
    client.get(url)
    acting_for(world)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Active: they can sign in" in page
    assert "Rita Reed" in page and "Can see the plan and card until" in page
    for n in range(6):
        person = UserFactory(username=f"helper{n}", role="representative")
        acting_for(world, user=person, first_name=f"Helper{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="acting-for"') == 7
