"""Extended statistics: a worker's referrals and tasks are almost all in their own teams.

Without them PostgreSQL multiplies the two filters' selectivities, expects a handful of rows
and sorts a bitmap of the worker's whole tray instead of reading the tray's index in order.
"""

from django.db import migrations

STATISTICS = [
    ("triage_task_team_worker", "triage_task"),
    ("triage_referral_team_worker", "triage_referral"),
]


class Migration(migrations.Migration):
    dependencies = [("triage", "0007_open_work_indexes")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE STATISTICS IF NOT EXISTS {name} (dependencies, mcv) "
            f"ON team_id, assigned_to_id FROM {table}",
            reverse_sql=f"DROP STATISTICS IF EXISTS {name}",
        )
        for name, table in STATISTICS
    ]
