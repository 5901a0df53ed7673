"""Dry run lists exactly what is due; the approved purge removes it with history and views,
never what is under legal hold; a second run removes nothing."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from governance import retention
from governance.models import LegalHold, Tombstone
from tests.factories import CarerFactory, UserFactory
from tests.triage.factories import ReferralFactory
from triage.models import Carer, Referral

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=365 * 9)


def _age(model, pk, **fields):
    # updated_at is auto_now: back-date with SQL, as nine years passing would.
    model.objects.filter(pk=pk).update(**fields)


@pytest.fixture
def fixtures(world):
    staff = UserFactory(username="ig-lead", role=Role.ADMINISTRATOR)
    expired = CarerFactory(team=world.team_x, last_name="Expired")
    held = CarerFactory(team=world.team_x, last_name="Held")
    recent = CarerFactory(team=world.team_x, last_name="Recent")
    busy = CarerFactory(team=world.team_x, last_name="Busy")
    ReferralFactory(team=world.team_x, carer=busy)  # open work
    for carer in (expired, held, busy):
        _age(Carer, carer.pk, updated_at=LONG_AGO)
    closed_ref = ReferralFactory(team=world.team_x, carer=None, status="closed")
    _age(Referral, closed_ref.pk, closed_at=LONG_AGO)
    expired.phone = "01632 960002"
    expired.save()
    _age(Carer, expired.pk, updated_at=LONG_AGO)
    AccessEvent.objects.create(
        user=staff,
        role="administrator",
        action="view",
        object_type="Carer",
        object_id=str(expired.pk),
        carer_id=expired.pk,
    )
    LegalHold.objects.create(
        carer=held, reason="Public inquiry", review_on=datetime.date(2027, 6, 1), placed_by=staff
    )
    return staff, expired, held, recent, busy, closed_ref


def _events_for(table, carer_id):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE pgh_obj_id = %s", [carer_id])  # noqa: S608
        return cursor.fetchone()[0]


def test_dry_run_purge_and_second_run(fixtures):
    staff, expired, held, recent, busy, closed_ref = fixtures
    assert _events_for("triage_carerevent", expired.pk) >= 2
    run = retention.retention_list_due()
    assert run.due["carer"] == [expired.pk]
    assert run.held["carer"] == [held.pk]
    assert run.due["referral_closed"] == [closed_ref.pk]
    assert Carer.objects.filter(pk=expired.pk).exists()  # a dry run removes nothing

    retention.retention_approve(run=run, by=staff)
    tombstones = retention.retention_purge(run=run)
    assert not Carer.objects.filter(pk=expired.pk).exists()
    assert not Referral.objects.filter(pk=closed_ref.pk).exists()
    assert _events_for("triage_carerevent", expired.pk) == 0
    assert not AccessEvent.objects.filter(carer_id=expired.pk).exists()
    assert set(Carer.objects.values_list("pk", flat=True)) >= {held.pk, recent.pk, busy.pk}
    counts = {(t.record_class, t.table): t.count for t in tombstones}
    assert counts[("carer", "triage.Carer")] == 1
    assert counts[("carer", "accounts.AccessEvent")] == 1
    assert all(t.approved_by == staff for t in tombstones)
    assert "Expired" not in str(list(Tombstone.objects.values()))

    second = retention.retention_list_due()
    assert second.due == {
        "carer": [],
        "referral_closed": [],
        "emergency_plan_closed": [],
        "audit": [],
    }
    retention.retention_approve(run=second, by=staff)
    assert retention.retention_purge(run=second) == []


def test_hold_placed_after_listing_still_protects(fixtures):
    staff, expired, *_ = fixtures
    run = retention.retention_list_due()
    LegalHold.objects.create(
        carer=expired, reason="Complaint", review_on=datetime.date(2027, 1, 1), placed_by=staff
    )
    retention.retention_approve(run=run, by=staff)
    retention.retention_purge(run=run)
    assert Carer.objects.filter(pk=expired.pk).exists()


def test_a_recent_record_or_contact_keeps_an_old_carer_off_the_list(fixtures):
    """The last involvement is the latest of the carer and everything of theirs: an old carer
    row with a recent closed referral, assessment or case note is not due."""
    from assessments.models import Assessment
    from tests.support_plans.factories import EligibleAssessmentFactory
    from triage.case_notes import case_note_add

    staff, expired, *_ = fixtures
    assert expired.pk in retention.due_now(timezone.localdate())[0]["carer"]
    referral = ReferralFactory(team=expired.team, carer=expired, status="closed")
    assert expired.pk not in retention.due_now(timezone.localdate())[0]["carer"]
    _age(Referral, referral.pk, updated_at=LONG_AGO)
    assessment = EligibleAssessmentFactory(carer=expired)
    assert expired.pk not in retention.due_now(timezone.localdate())[0]["carer"]
    _age(Assessment, assessment.pk, updated_at=LONG_AGO)
    assert expired.pk in retention.due_now(timezone.localdate())[0]["carer"]
    case_note_add(
        carer=expired,
        author=UserFactory(username="worker", role=Role.TRIAGE_WORKER, teams=[expired.team]),
        kind="phone_call",
        occurred_on=timezone.localdate(),
        text="Rang to check in",
    )
    assert expired.pk not in retention.due_now(timezone.localdate())[0]["carer"]
