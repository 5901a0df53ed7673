"""Seed budget: the carers' funding streams for 2017 to 2018 and the current financial year.

Figures: base budget £360,000 plus the £150,000 Care Act allocation = £510,000 a year, of which
£500,000 commissions the single point of entry and local services and £10,000 is kept back for
Think Carer training and materials; a one-off £300,000 transitional fund for 2017 to 2018 for the
three pillar-one items. How the transitional fund splits between its three items is not in the
source: it is seeded as three equal thirds for commissioners to correct (every change is logged).
"""

from decimal import Decimal

from django.db import migrations

RECURRING_YEARS = (2017, 2026)
TRANSITIONAL_YEAR = 2017
SPOE = "Single point of entry and local services"


def _change(apps, *, year, object_type, object_id, summary, after):
    apps.get_model("reporting", "BudgetChange").objects.create(
        changed_by=None,
        financial_year=year,
        object_type=object_type,
        object_id=object_id,
        action="seeded",
        summary=summary,
        before=None,
        after=after,
    )


def _stream(apps, *, year, key, name, amount, funded_from=None):
    stream_model = apps.get_model("reporting", "BudgetStream")
    stream, created = stream_model.objects.get_or_create(
        financial_year=year,
        key=key,
        defaults={"name": name, "amount": Decimal(amount), "funded_from": funded_from},
    )
    if created:
        _change(
            apps,
            year=year,
            object_type="stream",
            object_id=stream.id,
            summary=f"Seeded {name} {year} to {year + 1} with £{Decimal(amount):,.2f}",
            after={"key": key, "name": name, "amount": f"{Decimal(amount):.2f}"},
        )
    return stream


def _line(apps, *, stream, name, allocated):
    line_model = apps.get_model("reporting", "BudgetLine")
    line, created = line_model.objects.get_or_create(
        stream=stream, name=name, defaults={"allocated": Decimal(allocated)}
    )
    if created:
        _change(
            apps,
            year=stream.financial_year,
            object_type="line",
            object_id=line.id,
            summary=f"Seeded £{Decimal(allocated):,.2f} for {name}",
            after={"stream_id": stream.id, "name": name, "allocated": f"{Decimal(allocated):.2f}"},
        )


def seed(apps, schema_editor):
    for year in RECURRING_YEARS:
        base = _stream(apps, year=year, key="base_budget", name="Base budget", amount="360000")
        care_act = _stream(
            apps, year=year, key="care_act", name="Care Act allocation", amount="150000"
        )
        reserve = _stream(
            apps,
            year=year,
            key="think_carer_reserve",
            name="Think Carer reserve",
            amount="10000",
            funded_from=care_act,
        )
        # The £500,000 line is paid from both recurring streams: the whole base budget and
        # £140,000 of the Care Act allocation (the other £10,000 is the reserve above).
        _line(apps, stream=base, name=f"{SPOE} (base budget share)", allocated="360000")
        _line(apps, stream=care_act, name=f"{SPOE} (Care Act share)", allocated="140000")
        _line(apps, stream=reserve, name="Think Carer training and materials", allocated="10000")

    transitional = _stream(
        apps,
        year=TRANSITIONAL_YEAR,
        key="transitional_fund",
        name="Transitional fund",
        amount="300000",
    )
    _line(apps, stream=transitional, name="Carers information and advice offer", allocated="100000")
    _line(apps, stream=transitional, name="Think Carer awareness campaign", allocated="100000")
    _line(
        apps,
        stream=transitional,
        name="Think Carer education and training programme",
        allocated="100000",
    )


def unseed(apps, schema_editor):
    # Seeded money is left in place on reversal: the change log refuses deletions by design.
    pass


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
