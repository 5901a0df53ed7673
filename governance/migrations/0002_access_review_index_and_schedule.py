"""The access review's index on the access log, and the nightly retention listing.

The index is made here, not on AccessEvent's Meta, because governance is the log's reader:
(user, occurred_at) serves the per-person hour window. The listing runs at 03:45
Europe/London, outside 01:00-02:00 (clock changes), and only lists: a purge needs approval.
"""

from django.db import migrations

TASK_NAME = "governance.tasks.retention_list_due_task"
SCHEDULE_NAME = "Governance: list records due for removal"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="45",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"task": TASK_NAME, "crontab": crontab, "interval": None, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("accounts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS governance_access_user_time "
            "ON accounts_accessevent (user_id, occurred_at)",
            "DROP INDEX IF EXISTS governance_access_user_time",
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
