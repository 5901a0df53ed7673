"""Changes carers ask for from their own pages (contact details, emergency contacts), each with
its task on the team's tray, and the two task kinds for them."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        ('triage', '0019_task_kind_record_challenge'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='task',
            name='kind',
            field=models.CharField(choices=[('triage_referral', 'Triage a referral'), ('start_assessment', "Start a carer's assessment"), ('review_due', 'Review due'), ('review_requested', 'Carer asked for a review'), ('emergency_plan_review', 'Review an emergency plan'), ('emergency_plan', 'Make an emergency plan'), ('emergency_follow_up', 'Follow up an emergency card activation'), ('create_support_plan', 'Write the support plan'), ('plan_expiring', 'Support plan review coming up'), ('contact_details_change', 'Carer changed their contact details'), ('emergency_contacts_change', 'Carer changed their emergency contacts'), ('other', 'Other')], max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='kind',
            field=models.CharField(choices=[('triage_referral', 'Triage a referral'), ('start_assessment', "Start a carer's assessment"), ('review_due', 'Review due'), ('review_requested', 'Carer asked for a review'), ('emergency_plan_review', 'Review an emergency plan'), ('emergency_plan', 'Make an emergency plan'), ('emergency_follow_up', 'Follow up an emergency card activation'), ('create_support_plan', 'Write the support plan'), ('plan_expiring', 'Support plan review coming up'), ('contact_details_change', 'Carer changed their contact details'), ('emergency_contacts_change', 'Carer changed their emergency contacts'), ('other', 'Other')], max_length=30, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='ChangeRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(max_length=30)),
                ('about_id', models.BigIntegerField(blank=True, null=True)),
                ('about_label', models.CharField(blank=True, max_length=200)),
                ('before', models.JSONField(default=dict)),
                ('after', models.JSONField(default=dict)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be checked'), ('accepted', 'Accepted'), ('declined', 'Not accepted')], default='pending', max_length=10, verbose_name='status')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decline_reason', models.TextField(blank=True, verbose_name='why the change was not accepted')),
                ('version', models.PositiveIntegerField(default=1)),
                ('carer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='change_requests', to='triage.carer')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('task', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='change_request', to='triage.task')),
            ],
            options={
                'ordering': ['-requested_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ChangeRequestEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('subject', models.CharField(max_length=30)),
                ('about_id', models.BigIntegerField(blank=True, null=True)),
                ('about_label', models.CharField(blank=True, max_length=200)),
                ('before', models.JSONField(default=dict)),
                ('after', models.JSONField(default=dict)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be checked'), ('accepted', 'Accepted'), ('declined', 'Not accepted')], default='pending', max_length=10, verbose_name='status')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decline_reason', models.TextField(blank=True, verbose_name='why the change was not accepted')),
                ('version', models.PositiveIntegerField(default=1)),
                ('carer', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='triage.carer')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='triage.changerequest')),
                ('requested_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('task', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='triage.task')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='changerequest',
            index=models.Index(fields=['carer', 'subject', '-requested_at', '-id'], name='change_carer_recent'),
        ),
        migrations.AddConstraint(
            model_name='changerequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'declined'), _negated=True), models.Q(('decline_reason', ''), _negated=True), _connector='OR'), name='change_declined_has_reason'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='changerequest',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "triage_changerequestevent" ("about_id", "about_label", "after", "before", "carer_id", "decided_at", "decided_by_id", "decline_reason", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "requested_at", "requested_by_id", "status", "subject", "task_id", "version") VALUES (NEW."about_id", NEW."about_label", NEW."after", NEW."before", NEW."carer_id", NEW."decided_at", NEW."decided_by_id", NEW."decline_reason", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."requested_at", NEW."requested_by_id", NEW."status", NEW."subject", NEW."task_id", NEW."version"); RETURN NULL;', hash='fce5ef7805b8d619cdbf0523c0503c7b38417eae', operation='INSERT', pgid='pgtrigger_insert_insert_b434a', table='triage_changerequest', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='changerequest',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "triage_changerequestevent" ("about_id", "about_label", "after", "before", "carer_id", "decided_at", "decided_by_id", "decline_reason", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "requested_at", "requested_by_id", "status", "subject", "task_id", "version") VALUES (NEW."about_id", NEW."about_label", NEW."after", NEW."before", NEW."carer_id", NEW."decided_at", NEW."decided_by_id", NEW."decline_reason", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."requested_at", NEW."requested_by_id", NEW."status", NEW."subject", NEW."task_id", NEW."version"); RETURN NULL;', hash='60bb37d60e5448315bc44695f399fdfd2f052115', operation='UPDATE', pgid='pgtrigger_update_update_7c400', table='triage_changerequest', when='AFTER')),
        ),
    ]
