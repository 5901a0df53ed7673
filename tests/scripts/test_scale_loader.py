"""The scale data loader, run small, so it cannot rot while the models change."""

import datetime

import pytest
from django.db.models import Count, F
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from emergency_cards.models import EmergencyCard, EmergencyPlan
from emergency_cards.rules import card_number_check
from scripts.scale_data import load
from support_plans.models import PlanItem, PlanStatus, SupportPlan
from support_plans.rules import annual_cost
from tests.conftest import sign_in_client
from triage.models import (
    OPEN_REFERRAL_STATUSES,
    CaredForPerson,
    Carer,
    Priority,
    Referral,
    ReferralSource,
    ReferralStatus,
    Task,
)

pytestmark = pytest.mark.django_db
CARERS = 2000
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def county():
    return load(carers=CARERS, today=TODAY, log=lambda _line: None)


def test_the_loader_makes_a_county_of_the_size_asked(county):
    assert Carer.objects.count() == CARERS
    assert CaredForPerson.objects.count() == CARERS + CARERS // 10
    assert Referral.objects.count() == CARERS
    assert Assessment.objects.count() == CARERS * 5
    # Plans from about one assessment in ten; cards for one carer in ten.
    assert 0.3 * CARERS < SupportPlan.objects.count() < 0.6 * CARERS
    assert PlanItem.objects.count() == 2 * SupportPlan.objects.count()
    assert EmergencyCard.objects.count() == EmergencyPlan.objects.count() == CARERS // 10


def test_every_status_priority_source_and_kind_appears(county):
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(Referral.objects.exclude(priority=None).values_list("priority", flat=True)) == set(
        Priority.values
    )
    assert set(Referral.objects.values_list("source", flat=True)) == set(ReferralSource.values)
    assert set(Assessment.objects.values_list("kind", flat=True)) == set(AssessmentKind.values)
    assert set(Assessment.objects.values_list("status", flat=True)) == set(AssessmentStatus.values)
    assert set(SupportPlan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    years = {d.year for d in Assessment.objects.values_list("started_on", flat=True)}
    assert years >= {TODAY.year - 4, TODAY.year}


def test_the_rows_pass_the_models_own_validation(county):
    for model in (Carer, CaredForPerson, Referral, Task, Assessment, SupportPlan, PlanItem):
        for row in model.objects.order_by("?")[:50]:
            row.full_clean()


def test_derived_values_agree_with_the_rules(county):
    for item in PlanItem.objects.all()[:200]:
        assert item.annual_cost == annual_cost(cost=item.cost, frequency=item.frequency)
    assert all(
        card_number_check(n).ok for n in EmergencyCard.objects.values_list("card_number", flat=True)
    )
    # Casework stays in the carer's team.
    assert not Assessment.objects.exclude(team=F("carer__team")).exists()
    assert not Referral.objects.exclude(carer=None).exclude(team=F("carer__team")).exists()
    open_referrals = Referral.objects.exclude(status=ReferralStatus.CLOSED)
    assert (
        Task.objects.filter(status="open").count()
        == open_referrals.exclude(status=ReferralStatus.TRIAGED).count()
    )


def test_the_benchmark_worker_sees_the_open_referrals_of_their_own_teams(county, client):
    worker = county["scale.triage"]
    teams = set(worker.teams.values_list("id", flat=True))
    # The loader's staff have no authenticator app; the benchmark verifies its own sessions.
    TOTPDevice.objects.create(user=worker, name="test", confirmed=True)
    sign_in_client(client, worker)
    response = client.get(reverse("triage:queue"))
    assert response.status_code == 200
    shown = response.context["page_obj"].object_list
    assert shown and {r.team_id for r in shown} <= teams
    assert {r.status for r in shown} <= set(OPEN_REFERRAL_STATUSES)
    per_team = Carer.objects.values("team").annotate(n=Count("id"))
    assert max(row["n"] for row in per_team) - min(row["n"] for row in per_team) <= 1


def test_loading_twice_is_refused(county):
    with pytest.raises(SystemExit, match="already has carers"):
        load(carers=10, today=TODAY, log=lambda _line: None)
