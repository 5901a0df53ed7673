"""Budget you can act on: commitments per line as well as per stream, spent to date, forecast
outturn and percentages, worked out overnight, and the contracts and plans behind a line."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from reporting import rules, selectors, services
from reporting.models import BudgetLine, BudgetStream
from services_directory import services as directory_services
from services_directory.models import FundingStream
from support_plans.models import ItemFrequency, PlanItem, PlanStatus
from tests.reporting.factories import (
    ContractFactory,
    PlanItemFactory,
    ServiceFactory,
    SupportPlanFactory,
)

D = datetime.date
TODAY = D(2026, 11, 23)  # day 237 of the 365 in 2026 to 2027


@pytest.fixture
def coded(db, monkeypatch):
    """Contracts and plan items for 2026 to 2027, naming lines. Hand calculation (to date =
    1 April to 23 November 2026, 237 days):

    Care Act, line SPOE-CA (£140,000 allocated)
      contract £73,000/yr 1 Oct 2026 - 30 Sep 2027   year 182/365 = 36,400.00  to date 54/365 = 10,800.00
      plan item £365/yr from 1 Apr 2026               year 365.00              to date 237.00
    Care Act, not on a line
      plan item £730/yr 1-31 Jan 2027, no code        year 62.00               to date 0
      one-off £250 on 1 Sep 2026, code OLD-LINE       year 250.00              to date 250.00
        (a code the stream has no line for)
    Think Carer reserve, line TC-MATERIALS (£10,000)
      contract £1,000/yr 1 Jan 2025 - 30 Apr 2026     year 30/365 = 82.19      to date 82.19
      other spending 1,200 - 200 refund = 1,000
    """
    monkeypatch.setattr("reporting.selectors.today", lambda: TODAY)
    ContractFactory(
        value_per_year=Decimal("73000"),
        funding_stream=FundingStream.CARE_ACT,
        budget_line_code="SPOE-CA",
        reference="CA-SPOE",
        start_date=D(2026, 10, 1),
        end_date=D(2027, 9, 30),
    )
    ContractFactory(
        value_per_year=Decimal("1000"),
        funding_stream=FundingStream.THINK_CARER_RESERVE,
        budget_line_code="TC-MATERIALS",
        start_date=D(2025, 1, 1),
        end_date=D(2026, 4, 30),
    )
    active = SupportPlanFactory(status=PlanStatus.ACTIVE)
    PlanItemFactory(plan=active, budget_line_code="SPOE-CA", cost=Decimal("365"))
    PlanItemFactory(
        plan=SupportPlanFactory(status=PlanStatus.AGREED),
        cost=Decimal("730"),
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 1, 31),
    )
    PlanItemFactory(
        plan=active,
        frequency=ItemFrequency.ONE_OFF,
        cost=Decimal("250"),
        starts_on=D(2026, 9, 1),
        budget_line_code="OLD-LINE",
    )
    reserve_line = BudgetLine.objects.get(stream__financial_year=2026, code="TC-MATERIALS")
    for amount, on in ((Decimal("1200"), D(2026, 6, 1)), (Decimal("-200"), D(2026, 6, 20))):
        services.budget_spend_record(
            line_id=reserve_line.id, spent_on=on, amount=amount, description="Leaflets", by=None
        )
    services.figures_refresh(month=rules.month_period(2026, 11), today=TODAY)


def _streams(summary: dict) -> dict:
    return {stream["key"]: stream for stream in summary["streams"]}


def _line(stream: dict, code: str) -> dict:
    return next(line for line in stream["lines"] if line["code"] == code)


def test_commitments_per_line_match_the_hand_calculation(coded):
    summary = selectors.budget_summary_stored(financial_year=2026)
    assert summary["worked_out"] and summary["as_at"] is not None
    care_act = _streams(summary)["care_act"]
    spoe = _line(care_act, "SPOE-CA")
    assert spoe["committed_contracts"] == Decimal("36400.00")
    assert spoe["committed_plans"] == Decimal("365.00")
    assert spoe["committed"] == Decimal("36765.00")
    assert spoe["spent_to_date"] == Decimal("11037.00")
    assert spoe["forecast"] == Decimal("36765.00")
    assert spoe["remaining"] == Decimal("103235.00")  # 140,000 - 36,765
    assert spoe["percent_committed"] == Decimal("26.3")  # 36,765 / 140,000
    assert spoe["percent_spent"] == Decimal("7.9")  # 11,037 / 140,000
    unlined = care_act["not_on_a_line"]
    assert unlined["committed"] == Decimal("312.00")
    assert unlined["spent_to_date"] == Decimal("250.00")
    assert unlined["unknown_codes"] == ["OLD-LINE"]
    # The stream is its lines plus what is on none of them.
    assert care_act["committed"] == Decimal("37077.00")
    assert care_act["spent_to_date"] == Decimal("11287.00")
    assert care_act["percent_committed"] == Decimal("24.7")  # of the stream's £150,000
    assert care_act["percent_spent"] == Decimal("7.5")
    assert care_act["remaining"] == Decimal("112923.00")
    reserve = _line(_streams(summary)["think_carer_reserve"], "TC-MATERIALS")
    assert reserve["committed"] == Decimal("82.19")
    assert reserve["spent"] == Decimal("1000.00")
    assert reserve["spent_to_date"] == Decimal("1082.19")
    assert reserve["forecast"] == Decimal("1082.19")
    assert reserve["remaining"] == Decimal("8917.81")
    assert reserve["percent_spent"] == Decimal("10.8")


def test_the_stored_figures_are_the_live_ones_worked_out_overnight(coded):
    live = selectors.budget_summary(financial_year=2026, today=TODAY)
    stored = selectors.budget_summary_stored(financial_year=2026)
    for live_stream, stored_stream in zip(live["streams"], stored["streams"], strict=True):
        assert live_stream["committed"] == stored_stream["committed"]
        assert live_stream["spent_to_date"] == stored_stream["spent_to_date"]
        assert [line["forecast"] for line in live_stream["lines"]] == [
            line["forecast"] for line in stored_stream["lines"]
        ]
    # A new plan item shows after the next night's figures, not before.
    PlanItemFactory(budget_line_code="SPOE-CA", cost=Decimal("730"))
    again = selectors.budget_summary_stored(financial_year=2026)
    assert _line(_streams(again)["care_act"], "SPOE-CA")["committed"] == Decimal("36765.00")
    services.figures_refresh(month=rules.month_period(2026, 11), today=TODAY)
    later = selectors.budget_summary_stored(financial_year=2026)
    assert _line(_streams(later)["care_act"], "SPOE-CA")["committed"] == Decimal("37495.00")


def test_budget_page_dashboard_and_api_give_the_same_line_figures(coded, world, client_for):
    client = client_for(world.user("commissioner"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("reporting:budget"), {"year": 2026})
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    # The page reads the nightly figures: it never sums the contracts or plan items.
    assert "support_plans_planitem" not in touched
    assert "services_directory_contract" not in touched
    content = page.content.decode()
    row = re.search(r'data-testid="line-SPOE-CA">(.*?)</tr>', content, re.DOTALL).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
    assert [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells[1:8]] == [
        "£140,000.00",
        "£36,765.00",
        "£11,037.00",
        "£36,765.00",
        "£103,235.00",
        "26.3%",
        "7.9%",
    ]
    assert 'data-testid="not-on-a-line-care_act"' in content
    assert "Commitments as at" in content
    api = client.get(reverse("api:reporting-budget"), {"year": 2026}).json()
    api_line = _line(_streams(api)["care_act"], "SPOE-CA")
    assert (api_line["forecast"], api_line["percent_spent"]) == ("36765.00", 7.9)
    dashboard = selectors.dashboard_figures(today=TODAY, team_ids=None, with_budget=True)
    assert _line(_streams(dashboard["budget"])["care_act"], "SPOE-CA")["forecast"] == Decimal(
        "36765.00"
    )


def test_a_year_with_no_nightly_figures_says_so(world, client_for):
    content = (
        client_for(world.user("commissioner"))
        .get(reverse("reporting:budget"), {"year": 2017})
        .content.decode()
    )
    assert "have not been worked out yet" in content


def test_a_contract_or_plan_item_must_name_a_line_of_its_own_stream(db):
    service = ServiceFactory()
    with pytest.raises(ValidationError) as error:
        directory_services.contract_create(
            service=service,
            reference="BAD-LINE",
            value_per_year=Decimal("100"),
            start_date=D(2026, 4, 1),
            end_date=None,
            funding_stream=FundingStream.BASE_BUDGET,
            budget_line_code="SPOE-CA",
        )
    assert "paid from Care Act allocation, not this funding stream" in str(error.value)
    with pytest.raises(ValidationError, match="no budget line with the code NOPE"):
        directory_services.contract_create(
            service=service,
            reference="NO-LINE",
            value_per_year=Decimal("100"),
            start_date=D(2026, 4, 1),
            end_date=None,
            funding_stream=FundingStream.BASE_BUDGET,
            budget_line_code="NOPE",
        )
    contract = directory_services.contract_create(
        service=service,
        reference="GOOD-LINE",
        value_per_year=Decimal("100"),
        start_date=D(2026, 4, 1),
        end_date=None,
        funding_stream=FundingStream.BASE_BUDGET,
        budget_line_code="SPOE-BASE",
    )
    assert contract.budget_line_code == "SPOE-BASE"


def test_the_plan_item_form_offers_the_lines_and_keeps_a_refused_answer(world, client_for):
    from tests.support_plans.factories import SupportPlanFactory as DraftPlanFactory

    plan = DraftPlanFactory(assessment__carer=world.carer_a)
    client = client_for(world.user("assessor"))
    url = reverse("support_plans:item-add", kwargs={"plan_id": plan.pk})
    form = client.get(url).content.decode()
    assert '<option value="SPOE-CA">' in form
    assert "Single point of entry and local services (Care Act share) (SPOE-CA)" in form
    answers = {
        "version": plan.version,
        "description": "Sitting service",
        "frequency": "annual",
        "cost": "100",
        "funding_stream": FundingStream.BASE_BUDGET,
        "budget_line_code": "SPOE-CA",
        "delivery_mechanism": "commissioned",
        "starts_on_0": "1",
        "starts_on_1": "12",
        "starts_on_2": "2026",
    }
    refused = client.post(url, answers)
    content = refused.content.decode()
    assert refused.status_code == 200
    assert "There is a problem" in content
    assert "not this funding stream" in content
    assert '<option value="SPOE-CA" selected>' in content
    saved = client.post(url, {**answers, "budget_line_code": "SPOE-BASE"})
    assert saved.status_code == 302
    assert plan.items.get().budget_line_code == "SPOE-BASE"


def test_a_new_line_gets_the_code_given_or_one_made_from_its_name(db):
    base = BudgetStream.objects.get(financial_year=2026, key="base_budget")
    spoe = BudgetLine.objects.get(stream=base, code="SPOE-BASE")
    services.budget_line_update(
        line_id=spoe.id, version=spoe.version, name=spoe.name, allocated=Decimal("0"), by=None
    )
    made = services.budget_line_create(
        stream_id=base.id, name="Carers' cafe", allocated=Decimal("10"), by=None
    )
    assert made.code == "CARERS-CAFE"
    given = services.budget_line_create(
        stream_id=base.id, name="Young carers", code="yc", allocated=Decimal("10"), by=None
    )
    assert given.code == "YC"
    # A code names one line in a year, whichever stream it is in.
    with pytest.raises(ValidationError, match="Code SPOE-CA is already used"):
        services.budget_line_create(
            stream_id=base.id, name="Another", code="SPOE-CA", allocated=Decimal("1"), by=None
        )


def test_the_new_line_form_refuses_a_badly_made_code(world, client_for):
    base = BudgetStream.objects.get(financial_year=2026, key="base_budget")
    response = client_for(world.user("commissioner")).post(
        reverse("reporting:line-new", args=[base.id]),
        {"name": "Carers' cafe", "code": "CAFE LINE!", "allocated": "10"},
    )
    content = response.content.decode()
    assert "Code must be capital letters, numbers and hyphens" in content
    assert 'value="CAFE LINE!"' in content


# --- The contracts and plans behind a line -------------------------------------------------


def test_a_line_shows_the_contracts_and_plans_behind_it(coded, world, client_for):
    line = BudgetLine.objects.get(stream__financial_year=2026, code="SPOE-CA")
    client = client_for(world.user("commissioner"))
    url = reverse("reporting:line-commitments", args=[line.id])
    plans = client.get(url).content.decode()
    assert "Support plan items (1)" in plans and "Contracts (1)" in plans
    assert re.search(r'data-testid="line-forecast">\s*&pound;36,765.00', plans)
    table = re.search(r'data-testid="line-plan-items">(.*?)</table>', plans, re.DOTALL).group(1)
    assert "£365.00" in html.unescape(table)
    # Figures, not records: no carer's name, and the plans shown are in the access log.
    item = PlanItem.objects.get(budget_line_code="SPOE-CA")
    assert item.plan.carer.last_name not in plans
    assert AccessEvent.objects.filter(
        object_type="PlanItem", object_id=str(item.pk), carer_id=item.plan.carer_id
    ).exists()
    contracts = client.get(url, {"show": "contracts"}).content.decode()
    table = re.search(r'data-testid="line-contracts">(.*?)</table>', contracts, re.DOTALL).group(1)
    assert "CA-SPOE" in table and "£36,400.00" in html.unescape(table)


def test_the_not_on_a_line_row_lists_what_names_no_line(coded, world, client_for):
    care_act = BudgetStream.objects.get(financial_year=2026, key="care_act")
    content = (
        client_for(world.user("commissioner"))
        .get(reverse("reporting:stream-not-on-a-line", args=[care_act.id]))
        .content.decode()
    )
    assert "Support plan items (2)" in content
    assert "Names OLD-LINE" in content
    assert "Codes with no line: OLD-LINE" in content


@pytest.mark.parametrize("rows", [3, 40])
def test_the_line_list_pages_by_keyset_with_flat_queries(
    world, client_for, django_assert_num_queries, rows
):
    line = BudgetLine.objects.get(stream__financial_year=2026, code="SPOE-CA")
    plan = SupportPlanFactory(status=PlanStatus.ACTIVE)
    for _ in range(rows):
        PlanItemFactory(plan=plan, budget_line_code="SPOE-CA")
    client = client_for(world.user("commissioner"))
    url = reverse("reporting:line-commitments", args=[line.id])
    client.get(url)  # warm the session and user
    # The same for 3 and 40 items: the user and second factor, the line, two capped counts,
    # the page's ids then its rows and its capped count, one access-log insert, and the
    # line's stored figures (the month, the streams, the lines and their spending).
    with django_assert_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('class="govuk-table__row"') == min(rows, 25) + 1
    if rows > 25:
        after = re.search(r'href="\?after=([^"]+)" rel="next"', page).group(1)
        second = client.get(url, {"after": after}).content.decode()
        assert second.count('class="govuk-table__row"') == rows - 25 + 1


def test_only_commissioners_see_what_is_behind_a_line(world, client_for):
    line = BudgetLine.objects.get(stream__financial_year=2026, code="SPOE-CA")
    url = reverse("reporting:line-commitments", args=[line.id])
    for role in ("team_manager", "assessor", "triage_worker", "carer"):
        assert client_for(world.user(role)).get(url).status_code in (403, 404), role
    assert client_for(world.user("administrator")).get(url).status_code == 200
    missing = reverse("reporting:line-commitments", args=[line.id + 10_000])
    assert client_for(world.user("commissioner")).get(missing).status_code == 404


def test_contracts_behind_a_line_page_by_reference(world, client_for):
    line = BudgetLine.objects.get(stream__financial_year=2026, code="SPOE-BASE")
    for number in range(30):
        ContractFactory(
            reference=f"LINE-{number:03d}",
            funding_stream=FundingStream.BASE_BUDGET,
            budget_line_code="SPOE-BASE",
            value_per_year=Decimal("1000"),
        )
    client = client_for(world.user("commissioner"))
    url = reverse("reporting:line-commitments", args=[line.id])
    first = client.get(url, {"show": "contracts"}).content.decode()
    assert "Contracts (30)" in first
    assert re.findall(r"LINE-\d{3}", first)[:1] == ["LINE-000"]
    after = re.search(r'href="\?show=contracts&amp;after=([^"]+)" rel="next"', first).group(1)
    second = client.get(url, {"show": "contracts", "after": after}).content.decode()
    assert re.findall(r"LINE-\d{3}", second) == [f"LINE-{n:03d}" for n in range(25, 30)]
