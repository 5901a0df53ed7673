"""Tasks for deciding a carer's challenge to their record (governance), in the team tray."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0018_case_note_text_message'),
    ]

    operations = [
        migrations.AlterField(
            model_name='task',
            name='kind',
            field=models.CharField(choices=[('triage_referral', 'Triage a referral'), ('start_assessment', "Start a carer's assessment"), ('review_due', 'Review due'), ('review_requested', 'Carer asked for a review'), ('emergency_plan_review', 'Review an emergency plan'), ('emergency_plan', 'Make an emergency plan'), ('emergency_follow_up', 'Follow up an emergency card activation'), ('create_support_plan', 'Write the support plan'), ('plan_expiring', 'Support plan review coming up'), ('record_challenge', "Decide a carer's challenge to their record"), ('other', 'Other')], max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='kind',
            field=models.CharField(choices=[('triage_referral', 'Triage a referral'), ('start_assessment', "Start a carer's assessment"), ('review_due', 'Review due'), ('review_requested', 'Carer asked for a review'), ('emergency_plan_review', 'Review an emergency plan'), ('emergency_plan', 'Make an emergency plan'), ('emergency_follow_up', 'Follow up an emergency card activation'), ('create_support_plan', 'Write the support plan'), ('plan_expiring', 'Support plan review coming up'), ('record_challenge', "Decide a carer's challenge to their record"), ('other', 'Other')], max_length=30, verbose_name='kind'),
        ),
    ]
