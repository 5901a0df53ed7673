"""Register the nightly reporting job with django-celery-beat (03:15 Europe/London)."""

from django.db import migrations

TASK_NAME = "Reporting: monthly figures and returns"
TASK_PATH = "reporting.tasks.reporting_nightly_task"


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = crontab_model.objects.get_or_create(
        minute="15",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    task_model.objects.update_or_create(
        name=TASK_NAME, defaults={"task": TASK_PATH, "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_seed_budget"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
