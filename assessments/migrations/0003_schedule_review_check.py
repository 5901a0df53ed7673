"""Register the nightly overdue-review check with django-celery-beat (02:45 Europe/London)."""

from django.db import migrations

TASK_NAME = "Assessments: mark overdue reviews"
TASK_PATH = "assessments.tasks.reviews_mark_overdue"


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = crontab_model.objects.get_or_create(
        minute="45",
        hour="2",
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
        ("assessments", "0002_seed_allocation_bands"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
