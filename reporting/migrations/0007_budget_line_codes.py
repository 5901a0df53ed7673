"""Budget lines get a code, which contracts and support plan items name to say which line pays
for them. The seeded lines get codes of their own; any other line one made from its name."""

import re

import django.core.validators
from django.db import migrations, models

SEEDED = {
    "Single point of entry and local services (base budget share)": "SPOE-BASE",
    "Single point of entry and local services (Care Act share)": "SPOE-CA",
    "Think Carer training and materials": "TC-MATERIALS",
    "Carers information and advice offer": "TF-ADVICE",
    "Think Carer awareness campaign": "TF-CAMPAIGN",
    "Think Carer education and training programme": "TF-EDUCATION",
}


def _from_name(name: str, taken: set[str]) -> str:
    # As reporting.rules.budget_line_code_from_name (a migration keeps its own copy).
    words = re.findall(r"[A-Za-z0-9]+", name.upper()) or ["LINE"]
    base = "-".join(words)[:20].strip("-")
    code, number = base, 1
    while code in taken:
        number += 1
        suffix = f"-{number}"
        code = base[: 20 - len(suffix)].strip("-") + suffix
    return code


def give_codes(apps, schema_editor):
    line_model = apps.get_model("reporting", "BudgetLine")
    taken: dict[int, set[str]] = {}
    for line in line_model.objects.order_by("stream_id", "id"):
        used = taken.setdefault(line.stream_id, set())
        code = SEEDED.get(line.name)
        if code is None or code in used:
            code = _from_name(line.name, used)
        used.add(code)
        line.code = code
        line.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_method_of_review_fits_joint_reviews")]

    operations = [
        migrations.AddField(
            model_name="budgetline",
            name="code",
            field=models.CharField(default="", max_length=20, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="budgetline",
            name="code",
            field=models.CharField(
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$",
                        message=(
                            "Code must be capital letters, numbers and hyphens, up to 20 "
                            "characters, like SPOE-CA"
                        ),
                    )
                ],
                verbose_name="code",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetline",
            constraint=models.UniqueConstraint(
                fields=("stream", "code"), name="reporting_line_unique_code"
            ),
        ),
    ]
