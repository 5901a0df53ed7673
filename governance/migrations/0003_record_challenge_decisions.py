"""Challenges to a record get pages: the statutory due date, the team tray's task, the decision
as upheld, partly upheld or not upheld, the amendment an upheld rectification names, a version
for the decision page, change history, and an index for the governance lead's open list.

Decisions recorded before (no page made them) are mapped: a correction or a restriction
upheld the challenge; a note of the carer's view or a refusal did not.
"""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

OLD_DECISIONS = {
    "corrected": "upheld",
    "restricted": "upheld",
    "note_added": "not_upheld",
    "refused": "not_upheld",
}


def one_month_after(day):
    # As governance.services.one_month_after, frozen here as migrations must be.
    import calendar

    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def fill_existing(apps, schema_editor):
    import datetime

    from django.utils import timezone

    RecordChallenge = apps.get_model("governance", "RecordChallenge")
    for challenge in RecordChallenge.objects.all():
        challenge.due_on = one_month_after(challenge.received_on)
        challenge.logged_at = challenge.decided_at or timezone.make_aware(
            datetime.datetime.combine(challenge.received_on, datetime.time(9))
        )
        challenge.decision = OLD_DECISIONS.get(challenge.decision, challenge.decision)
        challenge.save(update_fields=["due_on", "logged_at", "decision"])


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0002_access_review_index_and_schedule'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('triage', '0019_task_kind_record_challenge'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RecordChallengeEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('rectification', 'Rectification: the carer says something in it is wrong'), ('objection', 'Objection: the carer objects to how it is used')], max_length=14, verbose_name='kind of challenge')),
                ('record_ref', models.CharField(blank=True, max_length=40)),
                ('record_described', models.CharField(max_length=200, verbose_name='which record')),
                ('carer_says', models.TextField(verbose_name='what the carer says')),
                ('received_on', models.DateField(verbose_name='date received')),
                ('due_on', models.DateField(verbose_name='decision due')),
                ('logged_at', models.DateTimeField(auto_now_add=True)),
                ('decision', models.CharField(choices=[('pending', 'Not decided yet'), ('upheld', 'Upheld'), ('partly_upheld', 'Partly upheld'), ('not_upheld', 'Not upheld')], default='pending', max_length=14)),
                ('decision_reasons', models.TextField(blank=True, verbose_name='reasons for the decision')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('amendment_kind', models.CharField(blank=True, choices=[('carer_details', "A change to the carer's details"), ('case_note', 'A case note correcting an earlier one'), ('assessment_amendment', 'An amendment to a completed assessment')], max_length=30)),
                ('amendment_id', models.BigIntegerField(blank=True, null=True)),
                ('amendment_label', models.CharField(blank=True, max_length=200)),
                ('version', models.PositiveIntegerField(default=1)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='amendment_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='amendment_kind',
            field=models.CharField(blank=True, choices=[('carer_details', "A change to the carer's details"), ('case_note', 'A case note correcting an earlier one'), ('assessment_amendment', 'An amendment to a completed assessment')], max_length=30),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='amendment_label',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='due_on',
            field=models.DateField(null=True, verbose_name='decision due'),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='logged_at',
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='record_ref',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='task',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='triage.task'),
        ),
        migrations.AddField(
            model_name='recordchallenge',
            name='version',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='recordchallenge',
            name='decision',
            field=models.CharField(choices=[('pending', 'Not decided yet'), ('upheld', 'Upheld'), ('partly_upheld', 'Partly upheld'), ('not_upheld', 'Not upheld')], default='pending', max_length=14),
        ),
        migrations.AlterField(
            model_name='recordchallenge',
            name='decision_reasons',
            field=models.TextField(blank=True, verbose_name='reasons for the decision'),
        ),
        migrations.AlterField(
            model_name='recordchallenge',
            name='kind',
            field=models.CharField(choices=[('rectification', 'Rectification: the carer says something in it is wrong'), ('objection', 'Objection: the carer objects to how it is used')], max_length=14, verbose_name='kind of challenge'),
        ),
        migrations.AlterField(
            model_name='recordchallenge',
            name='received_on',
            field=models.DateField(verbose_name='date received'),
        ),
        migrations.AddIndex(
            model_name='recordchallenge',
            index=models.Index(condition=models.Q(('decision', 'pending')), fields=['due_on', 'id'], name='challenge_open_due'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='recordchallenge',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "governance_recordchallengeevent" ("amendment_id", "amendment_kind", "amendment_label", "carer_id", "carer_says", "decided_at", "decided_by_id", "decision", "decision_reasons", "due_on", "id", "kind", "logged_at", "logged_by_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "received_on", "record_described", "record_ref", "task_id", "version") VALUES (NEW."amendment_id", NEW."amendment_kind", NEW."amendment_label", NEW."carer_id", NEW."carer_says", NEW."decided_at", NEW."decided_by_id", NEW."decision", NEW."decision_reasons", NEW."due_on", NEW."id", NEW."kind", NEW."logged_at", NEW."logged_by_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."received_on", NEW."record_described", NEW."record_ref", NEW."task_id", NEW."version"); RETURN NULL;', hash='d4a8875e1164b0e8e445de841f835ff46d38bed8', operation='INSERT', pgid='pgtrigger_insert_insert_ee7e4', table='governance_recordchallenge', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='recordchallenge',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "governance_recordchallengeevent" ("amendment_id", "amendment_kind", "amendment_label", "carer_id", "carer_says", "decided_at", "decided_by_id", "decision", "decision_reasons", "due_on", "id", "kind", "logged_at", "logged_by_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "received_on", "record_described", "record_ref", "task_id", "version") VALUES (NEW."amendment_id", NEW."amendment_kind", NEW."amendment_label", NEW."carer_id", NEW."carer_says", NEW."decided_at", NEW."decided_by_id", NEW."decision", NEW."decision_reasons", NEW."due_on", NEW."id", NEW."kind", NEW."logged_at", NEW."logged_by_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."received_on", NEW."record_described", NEW."record_ref", NEW."task_id", NEW."version"); RETURN NULL;', hash='fadbb314c90c2e6f80ce90eda7382ad41c4b5285', operation='UPDATE', pgid='pgtrigger_update_update_4d668', table='governance_recordchallenge', when='AFTER')),
        ),
        migrations.RunPython(fill_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='recordchallenge',
            name='due_on',
            field=models.DateField(verbose_name='decision due'),
        ),
        migrations.AlterField(
            model_name='recordchallenge',
            name='logged_at',
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AddConstraint(
            model_name='recordchallenge',
            constraint=models.CheckConstraint(condition=models.Q(('decision', 'pending'), models.Q(('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='challenge_decision_says_who_and_when'),
        ),
        migrations.AddConstraint(
            model_name='recordchallenge',
            constraint=models.CheckConstraint(condition=models.Q(('amendment_kind', ''), ('amendment_id__isnull', False), _connector='OR'), name='challenge_amendment_has_id'),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='carer',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='triage.carer'),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='logged_by',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='governance.recordchallenge'),
        ),
        migrations.AddField(
            model_name='recordchallengeevent',
            name='task',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='triage.task'),
        ),
    ]
