import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("month", ["2030-01", "this month"])
def test_a_return_cannot_be_asked_for_a_month_that_has_not_ended(
    world, client_for, monkeypatch, month
):
    queued = []
    monkeypatch.setattr(
        "reporting.tasks.return_produce_task.delay", lambda period: queued.append(period)
    )
    today = timezone.localdate()
    if month == "this month":
        month = f"{today:%Y-%m}"
    last_month = today.replace(day=1) - datetime.timedelta(days=1)

    response = client_for(world.user("commissioner")).post(
        reverse("reporting:returns"), {"month": month}
    )

    page = response.content.decode()
    assert "Month must have ended" in page
    assert f"{last_month:%B %Y} ({last_month:%Y-%m})" in page
    assert queued == []
