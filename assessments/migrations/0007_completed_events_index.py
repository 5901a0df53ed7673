"""The reporting events index, built CONCURRENTLY so assessments stay writable meanwhile."""

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('accounts', '0001_initial'),
        ('assessments', '0006_allocation_bands_from_a_date'),
        ('triage', '0007_open_work_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='assessment',
            index=models.Index(condition=models.Q(('status', 'completed')), fields=['completed_on'], include=('carer', 'team', 'kind', 'received_specific_service', 'received_information_advice'), name='assessment_completed_events'),
        ),
    ]
