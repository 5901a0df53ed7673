import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from governance.selectors import access_review
from tests.factories import CarerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sixty_records_in_an_hour_is_flagged(world, client_for):
    nosy = UserFactory(username="nosy", role=Role.TRIAGE_WORKER, teams=[world.team_x])
    steady = world.user("assessor")
    carers = CarerFactory.create_batch(60, team=world.team_x)
    AccessEvent.objects.bulk_create(
        AccessEvent(
            user=nosy,
            role=nosy.role,
            action="view",
            object_type="Carer",
            object_id=str(c.pk),
            carer_id=c.pk,
        )
        for c in carers
    )
    AccessEvent.objects.bulk_create(
        AccessEvent(
            user=steady,
            role=steady.role,
            action="view",
            object_type="Carer",
            object_id=str(c.pk),
            carer_id=c.pk,
        )
        for c in carers[:5]
    )
    now = timezone.now()
    rows = access_review(
        viewer=world.user("team_manager"),
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(hours=1),
    )
    nosy_rows = [r for r in rows if r.user_id == nosy.pk]
    assert len(nosy_rows) == 60
    assert max(r.in_hour for r in nosy_rows) == 60
    assert any("60 records in an hour" in r.flags for r in nosy_rows)
    assert not any(r.burst for r in rows if r.user_id == steady.pk)

    client = client_for(world.user("team_manager"))
    page = client.get(reverse("governance:access-review"), {"person": nosy.pk, "flagged": "on"})
    assert page.status_code == 200 and "60 records in an hour" in page.content.decode()
    csv = client.get(reverse("governance:access-review"), {"person": nosy.pk, "format": "csv"})
    assert csv["Content-Type"] == "text/csv" and csv.content.decode().count("\n") == 61
    # Team Y's manager-less scope: a team Y worker's manager would not see team X staff.
    assert (
        client_for(world.user("triage_worker")).get(reverse("governance:access-review")).status_code
        == 404
    )
