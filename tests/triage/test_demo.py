import io

import pytest

import triage.demo
from carers_portal.demo.management.commands import seed_demo
from triage.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def test_demo_referrals_cover_every_state_and_seeding_twice_adds_nothing(monkeypatch):
    # Teams and staff as the command makes them; then only the triage seed.
    monkeypatch.setattr(seed_demo, "APP_SEEDERS", [])
    seed_demo.Command(stdout=io.StringIO()).handle()
    triage.demo.seed(stdout=io.StringIO())
    # Assessment started and the outcomes are set by the assessments app's demo.
    set_by_assessments = {
        ReferralStatus.ASSESSMENT_STARTED,
        ReferralStatus.ELIGIBLE,
        ReferralStatus.NOT_ELIGIBLE,
        ReferralStatus.ASSESSMENT_DECLINED,
    }
    assert set(Referral.objects.values_list("status", flat=True)) == (
        set(ReferralStatus.values) - set_by_assessments
    )
    assert Referral.objects.filter(override_reason__gt="").exists()
    assert Referral.objects.filter(carer__isnull=True).count() > 0
    triage.demo.seed(stdout=io.StringIO())
    assert Referral.objects.count() == triage.demo.DEMO_REFERRAL_COUNT


def test_the_demo_carer_who_signs_in_has_the_name_on_their_record(monkeypatch):
    from carers_portal.accounts.models import User

    monkeypatch.setattr(seed_demo, "APP_SEEDERS", [])
    seed_demo.Command(stdout=io.StringIO()).handle()
    triage.demo.seed(stdout=io.StringIO())
    user = User.objects.get(username="carer")
    record = user.carer_record
    assert (user.first_name, user.last_name) == (record.first_name, record.last_name)
