"""Messages name the referral they are about, so a referral's receipt (sent before the
referral was linked to a carer) shows on that carer's contact log. Earlier receipts are
named from their key, "referral_received:<referral id>"."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_acting_for_invitation'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='referral_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('referral_id__isnull', False)), fields=['referral_id'], name='message_referral'),
        ),
        migrations.RunSQL(
            sql="""
                UPDATE notifications_message
                SET referral_id = substring(key from 'referral_received:([0-9]+)$')::bigint
                WHERE kind = 'referral_received' AND key ~ '^referral_received:[0-9]+$'
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
