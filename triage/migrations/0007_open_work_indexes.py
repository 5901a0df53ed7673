"""Indexes on open work only: the queue, caseload and trays never read closed rows.

Built CONCURRENTLY (so a live county's referrals stay writable while they build), which
needs a non-atomic migration. The open-referral surname prefix index is SQL for the same
reason as 0004 (an operator class).
"""

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0001_initial"),
        ("triage", "0006_referral_closed_reason"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["received_at", "id"],
                include=("team", "status", "priority", "source", "assigned_to"),
                name="referral_open_queue",
            ),
        ),
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["team", "received_at", "id"],
                name="referral_open_team",
            ),
        ),
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["assigned_to", "received_at", "id"],
                name="referral_open_caseload",
            ),
        ),
        AddIndexConcurrently(
            model_name="task",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["assigned_to", "due_on", "created_at", "id"],
                name="task_open_worker_tray",
            ),
        ),
        AddIndexConcurrently(
            model_name="task",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["team", "due_on", "created_at", "id"],
                name="task_open_team_tray",
            ),
        ),
        migrations.RunSQL(
            sql="CREATE INDEX CONCURRENTLY IF NOT EXISTS referral_open_last_name_prefix "
            "ON triage_referral (UPPER(last_name) text_pattern_ops) WHERE status <> 'closed'",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS referral_open_last_name_prefix",
        ),
    ]
