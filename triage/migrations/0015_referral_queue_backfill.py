"""Put existing referrals in the queue's new order (priority, then time left on the clock).

Runs over open referrals only; those with an outcome or closed keep the defaults (no clock).
"""

from django.db import migrations
from django.utils import timezone

OPEN = ("awaiting_triage", "triaged", "assigned", "assessment_started")


def backfill(apps, schema_editor):
    from triage import rules
    from triage.selectors import clock_settings

    Referral = apps.get_model("triage", "Referral")
    config = clock_settings()
    rows = Referral.objects.filter(status__in=OPEN).only(
        "id",
        "status",
        "urgent_at_intake",
        "priority",
        "proposed_priority",
        "pathway",
        "received_at",
        "assessment_started_at",
    )
    for referral in rows.iterator(chunk_size=2000):
        position = rules.queue_position(
            status=referral.status,
            urgent_at_intake=referral.urgent_at_intake,
            priority=referral.priority,
            proposed_priority=referral.proposed_priority,
            pathway=referral.pathway,
            received_on=timezone.localdate(referral.received_at),
            assessment_started=referral.assessment_started_at is not None,
            config=config,
        )
        Referral.objects.filter(pk=referral.pk).update(
            queue_rank=position.rank, clock_due_on=position.due_on
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0014_referral_journey_queue")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
