import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from carers_portal.accounts.roles import Role
from carers_portal.versioning import EditConflict
from reporting import rules, selectors, services
from reporting.models import BudgetChange, BudgetLine, BudgetStream
from services_directory.models import FundingStream
from support_plans.models import ItemFrequency, PlanStatus
from tests.factories import UserFactory
from tests.reporting.factories import ContractFactory, PlanItemFactory, SupportPlanFactory

D = datetime.date


def _lines_total(year: int, *keys: str) -> Decimal:
    return sum(
        (
            line.allocated
            for line in BudgetLine.objects.filter(stream__financial_year=year, stream__key__in=keys)
        ),
        Decimal(0),
    )


def test_seed_budget_for_2017_adds_up(db):
    streams = {s.key: s for s in BudgetStream.objects.filter(financial_year=2017)}
    assert {k: s.amount for k, s in streams.items()} == {
        "base_budget": Decimal("360000.00"),
        "care_act": Decimal("150000.00"),
        "think_carer_reserve": Decimal("10000.00"),
        "transitional_fund": Decimal("300000.00"),
    }
    # The reserve is carved out of the Care Act allocation, not new money.
    assert streams["think_carer_reserve"].funded_from == streams["care_act"]
    # Base + Care Act = £510,000: £500,000 SPOE and local services + £10,000 reserve.
    spoe = _lines_total(2017, "base_budget", "care_act")
    assert spoe == Decimal("500000.00")
    assert spoe + streams["think_carer_reserve"].amount == Decimal("510000.00")
    assert _lines_total(2017, "transitional_fund") == Decimal("300000.00")
    assert _lines_total(2017, "think_carer_reserve") == Decimal("10000.00")
    assert set(
        BudgetLine.objects.filter(stream=streams["transitional_fund"]).values_list(
            "name", flat=True
        )
    ) == {
        "Carers information and advice offer",
        "Think Carer awareness campaign",
        "Think Carer education and training programme",
    }
    summary = selectors.budget_summary(financial_year=2017)
    assert summary["total_amount"] == Decimal("810000.00")  # 510,000 + 300,000
    assert all(stream["unallocated"] == 0 for stream in summary["streams"])


def test_seed_budget_for_the_current_year_has_the_recurring_streams_only(db):
    streams = dict(BudgetStream.objects.filter(financial_year=2026).values_list("key", "amount"))
    assert streams == {
        "base_budget": Decimal("360000.00"),
        "care_act": Decimal("150000.00"),
        "think_carer_reserve": Decimal("10000.00"),
    }
    assert _lines_total(2026, "base_budget", "care_act") == Decimal("500000.00")
    assert BudgetChange.objects.filter(financial_year=2026, action="seeded").count() == 6


@pytest.fixture
def commitments(db):
    """Contracts and plan items for 2026 to 2027 (365 days). Hand calculation:

    Contracts
      base £365,000/yr from 1 Apr 2026, open            365/365 -> 365,000.00
      care_act £73,000/yr 1 Oct 2026 - 30 Sep 2027      182/365 ->  36,400.00
      care_act £10,000/yr ended 31 Mar 2026               0     ->       0
      reserve £1,000/yr 1 Jan 2025 - 30 Apr 2026         30/365 ->      82.19
    Plan items (agreed or active plans)
      care_act £365/yr from 1 Apr 2026                  365/365 ->     365.00
      care_act £730/yr 1-31 Jan 2027                     31/365 ->      62.00
      care_act one-off £250 on 1 Sep 2026               in full ->     250.00
      care_act one-off £500 on 1 Mar 2026 (last year)           ->       0
      base £100/yr 1 Apr 2025 - 10 Apr 2026              10/365 ->       2.74
      care_act £999 on a draft plan, and on a closed plan        ->       0
    Totals: base 365,002.74; care_act 36,400 + 365 + 62 + 250 = 37,077.00; reserve 82.19
    """
    ContractFactory(value_per_year=Decimal("365000"), funding_stream=FundingStream.BASE_BUDGET)
    ContractFactory(
        value_per_year=Decimal("73000"),
        funding_stream=FundingStream.CARE_ACT,
        start_date=D(2026, 10, 1),
        end_date=D(2027, 9, 30),
    )
    ContractFactory(
        value_per_year=Decimal("10000"),
        funding_stream=FundingStream.CARE_ACT,
        start_date=D(2025, 4, 1),
        end_date=D(2026, 3, 31),
    )
    ContractFactory(
        value_per_year=Decimal("1000"),
        funding_stream=FundingStream.THINK_CARER_RESERVE,
        start_date=D(2025, 1, 1),
        end_date=D(2026, 4, 30),
    )
    active = SupportPlanFactory(status=PlanStatus.ACTIVE)
    agreed = SupportPlanFactory(status=PlanStatus.AGREED)
    annual = ItemFrequency.ANNUAL
    one_off = ItemFrequency.ONE_OFF
    PlanItemFactory(plan=active, frequency=annual, cost=Decimal("365"))
    PlanItemFactory(
        plan=agreed,
        frequency=annual,
        cost=Decimal("730"),
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 1, 31),
    )
    PlanItemFactory(plan=active, frequency=one_off, cost=Decimal("250"), starts_on=D(2026, 9, 1))
    PlanItemFactory(plan=active, frequency=one_off, cost=Decimal("500"), starts_on=D(2026, 3, 1))
    PlanItemFactory(
        plan=agreed,
        frequency=annual,
        cost=Decimal("100"),
        funding_stream=FundingStream.BASE_BUDGET,
        starts_on=D(2025, 4, 1),
        ends_on=D(2026, 4, 10),
    )
    for status in (PlanStatus.DRAFT, PlanStatus.CLOSED):
        PlanItemFactory(
            plan=SupportPlanFactory(status=status), frequency=annual, cost=Decimal("999")
        )
    reserve_line = BudgetLine.objects.get(
        stream__financial_year=2026, stream__key="think_carer_reserve"
    )
    services.budget_spend_record(
        line_id=reserve_line.id,
        spent_on=D(2026, 6, 1),
        amount=Decimal("1200"),
        description="Think Carer leaflets",
        by=None,
    )
    services.budget_spend_record(
        line_id=reserve_line.id,
        spent_on=D(2026, 6, 20),
        amount=Decimal("-200"),
        description="Refund for a cancelled print run",
        by=None,
    )


def test_budget_matches_the_hand_calculation(commitments):
    summary = selectors.budget_summary(financial_year=2026)
    streams = {s["key"]: s for s in summary["streams"]}
    base, care_act, reserve = (
        streams["base_budget"],
        streams["care_act"],
        streams["think_carer_reserve"],
    )
    assert base["committed"] == Decimal("365002.74")
    assert base["remaining"] == Decimal("-5002.74")  # 360,000 - 365,002.74: overcommitted
    assert care_act["committed_contracts"] == Decimal("36400.00")
    assert care_act["committed_plans"] == Decimal("677.00")
    assert care_act["committed"] == Decimal("37077.00")
    assert care_act["allocated"] == Decimal("150000.00")  # 140,000 line + 10,000 reserve
    assert care_act["remaining"] == Decimal("112923.00")
    assert reserve["committed"] == Decimal("82.19")
    assert reserve["spent"] == Decimal("1000.00")  # 1,200 - 200 refund
    assert reserve["remaining"] == Decimal("8917.81")  # 10,000 - 82.19 - 1,000
    (line,) = reserve["lines"]
    assert (line["allocated"], line["spent"], line["remaining"]) == (
        Decimal("10000.00"),
        Decimal("1000.00"),
        Decimal("9000.00"),
    )
    assert line["variance"] == Decimal("-9000.00")
    assert summary["total_amount"] == Decimal("510000.00")


def test_budget_api_gives_each_stream_and_line_from_the_nightly_figures(
    commitments, client_for, world
):
    client = client_for(world.user("commissioner"))
    before = client.get(reverse("api:reporting-budget"), {"year": 2026}).json()
    # Nothing worked out overnight yet: no commitments, and no "as at" to claim otherwise.
    assert before["as_at"] is None
    assert {s["key"]: s["committed"] for s in before["streams"]}["care_act"] == "0.00"
    services.figures_refresh(month=rules.month_period(2026, 11), today=D(2026, 11, 23))
    response = client.get(reverse("api:reporting-budget"), {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["as_at"] is not None
    streams = {s["key"]: s for s in body["streams"]}
    assert streams["care_act"]["committed"] == "37077.00"
    # To 23 November 2026 (237 days of 365): 10,800 + 237 + the £250 one-off.
    assert streams["care_act"]["committed_to_date"] == "11287.00"
    assert streams["care_act"]["percent_committed"] == 24.7
    assert streams["think_carer_reserve"]["spent"] == "1000.00"
    line = streams["think_carer_reserve"]["lines"][0]
    assert line == {
        "id": line["id"],
        "name": "Think Carer training and materials",
        "code": "TC-MATERIALS",
        "allocated": "10000.00",
        "committed": "0.00",
        "committed_contracts": "0.00",
        "committed_plans": "0.00",
        "committed_to_date": "0.00",
        "spent": "1000.00",
        "spent_to_date": "1000.00",
        "forecast": "1000.00",
        "remaining": "9000.00",
        "variance": "-9000.00",
        "percent_committed": 0.0,
        "percent_spent": 10.0,
        "percent_forecast": 10.0,
    }
    # The reserve's contract names no line: it shows as the stream's "not on a line".
    assert streams["think_carer_reserve"]["not_on_a_line"]["committed"] == "82.19"


def test_budget_api_refuses_a_bad_year(client_for, world):
    response = client_for(world.user("commissioner")).get(
        reverse("api:reporting-budget"), {"year": "next"}
    )
    assert response.status_code == 400
    assert "year" in response.json()


def _stream(key: str, year: int = 2026) -> BudgetStream:
    return BudgetStream.objects.get(financial_year=year, key=key)


def test_over_allocation_is_refused_and_nothing_is_saved(db):
    base = _stream("base_budget")
    before = BudgetChange.objects.count()
    with pytest.raises(ValidationError) as error:
        services.budget_line_create(
            stream_id=base.id, name="Carers' cafe", allocated=Decimal("1"), by=None
        )
    assert "would add up to £360,001.00, which is £1.00 more than its £360,000.00" in str(
        error.value
    )
    assert not BudgetLine.objects.filter(name="Carers' cafe").exists()
    assert BudgetChange.objects.count() == before


def test_allocations_and_spend_are_logged_with_before_and_after(db):
    user = UserFactory(username="commissioner-budget", role=Role.COMMISSIONER)
    care_act = _stream("care_act")
    spoe = BudgetLine.objects.get(stream=care_act, name__startswith="Single point")
    services.budget_line_update(
        line_id=spoe.id, version=spoe.version, name=spoe.name, allocated=Decimal("130000"), by=user
    )
    line = services.budget_line_create(
        stream_id=care_act.id, name="Carers' cafe", allocated=Decimal("10000"), by=user
    )
    change = BudgetChange.objects.filter(object_type="line", object_id=spoe.id).first()
    assert change.changed_by == user
    assert change.before["allocated"] == "140000.00"
    assert change.after["allocated"] == "130000.00"
    assert BudgetChange.objects.filter(object_type="line", object_id=line.id).exists()
    # The care act stream is now fully allocated again: 130,000 + 10,000 + 10,000 reserve.
    with pytest.raises(ValidationError, match="£1.00 more"):
        services.budget_line_update(
            line_id=line.id,
            version=line.version,
            name=line.name,
            allocated=Decimal("10001"),
            by=user,
        )


def test_a_stale_version_is_refused(db):
    care_act = _stream("care_act")
    spoe = BudgetLine.objects.get(stream=care_act, name__startswith="Single point")
    services.budget_line_update(
        line_id=spoe.id, version=spoe.version, name=spoe.name, allocated=Decimal("100"), by=None
    )
    with pytest.raises(EditConflict):
        services.budget_line_update(
            line_id=spoe.id,
            version=spoe.version,
            name=spoe.name,
            allocated=Decimal("200"),
            by=None,
        )
    spoe.refresh_from_db()
    assert spoe.allocated == Decimal("100.00")


def test_a_stream_cannot_be_cut_below_its_allocations_nor_a_reserve_outgrow_its_parent(db):
    base = _stream("base_budget")
    with pytest.raises(ValidationError, match="already has £360,000.00 allocated"):
        services.budget_stream_set_amount(
            stream_id=base.id, amount=Decimal("359999"), version=base.version, by=None
        )
    reserve = _stream("think_carer_reserve")
    spoe = BudgetLine.objects.get(stream__key="care_act", stream__financial_year=2026)
    services.budget_line_update(
        line_id=spoe.id,
        version=spoe.version,
        name=spoe.name,
        allocated=Decimal("130000"),
        by=None,
    )
    # Care Act has £10,000 free now: the reserve can grow to £20,000 but not £20,001.
    with pytest.raises(ValidationError, match="£1.00 more"):
        services.budget_stream_set_amount(
            stream_id=reserve.id, amount=Decimal("20001"), version=reserve.version, by=None
        )
    services.budget_stream_set_amount(
        stream_id=reserve.id, amount=Decimal("20000"), version=reserve.version, by=None
    )
    assert _stream("think_carer_reserve").amount == Decimal("20000.00")


def test_spend_outside_the_financial_year_is_refused(db):
    line = BudgetLine.objects.get(stream__financial_year=2026, stream__key="think_carer_reserve")
    with pytest.raises(ValidationError, match="within the financial year"):
        services.budget_spend_record(
            line_id=line.id,
            spent_on=D(2027, 4, 1),
            amount=Decimal("10"),
            description="Too late",
            by=None,
        )


def test_the_change_log_cannot_be_edited_or_deleted(db):
    change = BudgetChange.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        BudgetChange.objects.filter(id=change.id).update(summary="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        BudgetChange.objects.filter(id=change.id).delete()


def test_over_allocation_through_the_form_shows_the_message_and_keeps_what_was_typed(
    world, client_for
):
    base = _stream("base_budget")
    response = client_for(world.user("commissioner")).post(
        reverse("reporting:line-new", args=[base.id]),
        {"name": "Carers' cafe", "allocated": "2500"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "£2,500.00 more than its £360,000.00" in content
    assert 'value="Carers&#x27; cafe"' in content
    assert not BudgetLine.objects.filter(name="Carers' cafe").exists()


def test_allocation_through_the_form(world, client_for):
    care_act = _stream("care_act")
    spoe = BudgetLine.objects.get(stream=care_act, name__startswith="Single point")
    client = client_for(world.user("commissioner"))
    response = client.post(
        reverse("reporting:line-edit", args=[spoe.id]),
        {"name": spoe.name, "allocated": "120000", "version": spoe.version},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reporting:line-new", args=[care_act.id]),
        {"name": "Carers' cafe", "allocated": "20000"},
    )
    assert response.status_code == 302
    page = client.get(reverse("reporting:budget"), {"year": 2026}).content.decode()
    assert "Carers&#x27; cafe" in page
    assert "£20,000.00" in page


def test_a_stale_form_keeps_the_typing_and_says_someone_else_changed_it(world, client_for):
    spoe = BudgetLine.objects.get(stream__key="care_act", stream__financial_year=2026)
    response = client_for(world.user("commissioner")).post(
        reverse("reporting:line-edit", args=[spoe.id]),
        {"name": spoe.name, "allocated": "120000", "version": spoe.version + 5},
    )
    assert response.status_code == 200
    assert "Someone else changed this budget" in response.content.decode()
    spoe.refresh_from_db()
    assert spoe.allocated == Decimal("140000.00")


def test_spend_form_validates_in_govuk_style(world, client_for):
    line = BudgetLine.objects.get(stream__financial_year=2026, stream__key="think_carer_reserve")
    client = client_for(world.user("commissioner"))
    response = client.post(reverse("reporting:spend-new", args=[line.id]), {})
    content = response.content.decode()
    assert "Enter the date the money was spent" in content
    assert "Enter amount spent" in content
    response = client.post(
        reverse("reporting:spend-new", args=[line.id]),
        {
            "spent_on_0": "3",
            "spent_on_1": "6",
            "spent_on_2": "2026",
            "amount": "45.50",
            "description": "Training room hire",
        },
    )
    assert response.status_code == 302
    assert line.spends.get().amount == Decimal("45.50")


def test_over_allocation_through_the_api_is_a_400_with_the_message(world, client_for):
    base = _stream("base_budget")
    client = client_for(world.user("commissioner"))
    response = client.post(
        reverse("api:reporting-budget-lines"),
        {"stream": base.id, "name": "Carers' cafe", "allocated": "2500.00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "£2,500.00 more than its £360,000.00" in response.json()["allocated"][0]
    assert not BudgetLine.objects.filter(name="Carers' cafe").exists()


def test_allocation_through_the_api_with_version_checks(world, client_for):
    care_act = _stream("care_act")
    spoe = BudgetLine.objects.get(stream=care_act, name__startswith="Single point")
    client = client_for(world.user("commissioner"))
    url = reverse("api:reporting-budget-line", args=[spoe.id])
    body = {"name": spoe.name, "allocated": "130000.00", "version": spoe.version}
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["allocated"] == "130000.00"
    # The same (now stale) version again: refused, nothing overwritten.
    response = client.patch(url, {**body, "allocated": "1.00"}, content_type="application/json")
    assert response.status_code == 409
    created = client.post(
        reverse("api:reporting-budget-lines"),
        {"stream": care_act.id, "name": "Carers' cafe", "allocated": "10000"},
        content_type="application/json",
    )
    assert created.status_code == 201
    spoe.refresh_from_db()
    assert spoe.allocated == Decimal("130000.00")


def test_budget_writes_are_for_commissioners_and_administrators(world, client_for):
    base = _stream("base_budget")
    for role in ("team_manager", "assessor", "carer"):
        response = client_for(world.user(role)).post(
            reverse("api:reporting-budget-lines"),
            {"stream": base.id, "name": "x", "allocated": "1"},
            content_type="application/json",
        )
        assert response.status_code == 404
    response = client_for(None).post(
        reverse("api:reporting-budget-lines"),
        {"stream": base.id, "name": "x", "allocated": "1"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
