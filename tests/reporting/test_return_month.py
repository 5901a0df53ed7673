import datetime
import re

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
    assert f"The latest return you can produce is for {last_month:%B %Y}" in page
    assert "There is a problem" in page
    assert queued == []


def test_the_month_and_quarter_are_picked_from_the_ones_that_have_ended(world, client_for):
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    page = client_for(world.user("commissioner")).get(reverse("reporting:returns"))
    content = page.content.decode()
    months = re.findall(r'<option value="(\d{4}-\d\d)"', content)
    # Newest first, the month still running left out, three years back.
    assert months[0] == f"{last_month:%Y-%m}"
    assert f"{today:%Y-%m}" not in months
    assert len(months) == 36
    assert f">{last_month:%B %Y}</option>" in content
    quarters = re.findall(r'<option value="(\d{4}-Q\d)">([^<]+)</option>', content)
    assert len(quarters) == 8
    assert "of 2026 to 2027: the 12 months to 30 September 2026" in dict(quarters)["2026-Q2"]


def test_asking_for_a_quarter_queues_the_cld_return_after_commit(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "reporting.tasks.cld_return_produce_task.delay", lambda quarter: queued.append(quarter)
    )
    client = client_for(world.user("commissioner"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:returns"), {"quarter": "2026-Q2"})
    assert response.status_code == 302
    assert queued == ["2026-Q2"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [("", "Select the quarter"), ("2031-Q1", "Select a quarter that is in the list")],
)
def test_a_quarter_not_on_the_list_is_refused_in_an_error_summary(
    world, client_for, monkeypatch, answer, message
):
    queued = []
    monkeypatch.setattr(
        "reporting.tasks.cld_return_produce_task.delay", lambda quarter: queued.append(quarter)
    )
    response = client_for(world.user("commissioner")).post(
        reverse("reporting:returns"), {"quarter": answer}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Returns" in content
    summary = re.search(r'class="govuk-error-summary".*?</div>\s*</div>', content, re.DOTALL)
    assert message in summary.group(0)
    assert 'href="#id_quarter"' in summary.group(0)
    assert queued == []
