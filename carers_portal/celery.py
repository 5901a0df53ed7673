import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.local")

app = Celery("carers_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
