"""Seed the resource allocation table with the Derbyshire carer bands (domain-rules.md s4).

Administrators change these in Django admin; the thresholds are local policy, not statute.
"""

from decimal import Decimal

from django.db import migrations

BANDS = [
    ("Band 1: lower impact", 0, 7, Decimal("100.00")),
    ("Band 2: moderate impact", 8, 15, Decimal("175.00")),
    ("Band 3: substantial impact", 16, None, Decimal("300.00")),
]


def seed(apps, schema_editor):
    band_model = apps.get_model("assessments", "ResourceAllocationBand")
    for name, low, high, amount in BANDS:
        band_model.objects.get_or_create(
            name=name,
            defaults={"min_score": low, "max_score": high, "amount": amount, "frequency": "one_off"},
        )


def unseed(apps, schema_editor):
    band_model = apps.get_model("assessments", "ResourceAllocationBand")
    band_model.objects.filter(name__in=[b[0] for b in BANDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
