"""Indexes for the prefix searches in the queue and the carers register.

Written as SQL because operator-class expression indexes need django.contrib.postgres
in INSTALLED_APPS, which the project does not otherwise use. Without them a surname or
postcode search reads every row (see scripts/benchmark_triage_queue.py).
"""

from django.db import migrations

INDEXES = [
    ("carer_last_name_prefix", "triage_carer", "UPPER(last_name) text_pattern_ops"),
    ("carer_postcode_prefix", "triage_carer", "postcode varchar_pattern_ops"),
    ("referral_last_name_prefix", "triage_referral", "UPPER(last_name) text_pattern_ops"),
    ("referral_postcode_prefix", "triage_referral", "postcode varchar_pattern_ops"),
]


class Migration(migrations.Migration):
    dependencies = [("triage", "0003_referral_clocks")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({expression})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, expression in INDEXES
    ]
