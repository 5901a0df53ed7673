"""Indexes for the nightly retention listing (governance.retention.due_now).

The listing asks, for each carer whose own row is past the period, whether anything of
theirs changed since or is still open. Each question is one index probe for one carer:
(carer, updated_at) on the records that count as involvement, and the carer's open referrals
and assessments from partial indexes of open rows only, which stay small as a county's
records close. Closed referrals with no carer record are found from a partial index on
their closing date. Measured over a million carers in docs/governance.md.

Built CONCURRENTLY, so a live county's records stay writable while they build (a
non-atomic migration, as triage 0007). Made here, not on the models' Meta, because
governance is the reader (as 0002 does for the access log).
"""

from django.db import migrations

INDEXES = {
    "governance_carer_updated": "triage_carer (updated_at)",
    "governance_referral_carer_updated": "triage_referral (carer_id, updated_at)",
    "governance_assessment_carer_updated": "assessments_assessment (carer_id, updated_at)",
    "governance_plan_carer_updated": "support_plans_supportplan (carer_id, updated_at)",
    "governance_emergency_carer_updated": "emergency_cards_emergencyplan (carer_id, updated_at)",
    "governance_referral_open_carer": "triage_referral (carer_id) WHERE status <> 'closed'",
    "governance_assessment_open_carer": (
        "assessments_assessment (carer_id) WHERE status <> 'completed'"
    ),
    "governance_referral_closed_no_carer": (
        "triage_referral (closed_at) WHERE carer_id IS NULL AND status = 'closed'"
    ),
}


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("governance", "0003_record_challenge_decisions"),
        ("triage", "0019_task_kind_record_challenge"),
        ("assessments", "0007_completed_events_index"),
        ("support_plans", "0001_initial"),
        ("emergency_cards", "0002_review_schedule"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}",
            f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
