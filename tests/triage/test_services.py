import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from carers_portal.versioning import EditConflict
from tests.factories import CarerFactory, TeamFactory
from tests.triage.factories import ReferralFactory
from triage import services
from triage.exceptions import TriageNotReady
from triage.models import PostcodeDistrictTeam, ReferralStatus, Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db

INTAKE = {
    "first_name": " Jo ",
    "last_name": "Bloggs",
    "date_of_birth": datetime.date(1970, 3, 27),
    "postcode": "ls6 2ab",
    "preferred_contact": "phone",
    "phone": "0113 496 0000",
    "caring_hours": "50_plus",
    "cared_for_first_name": "Sam",
    "cared_for_last_name": "Bloggs",
    "cared_for_relationship": "parent",
    "cared_for_support_reason": "dementia",
    "reason": "Not sleeping",
    "consent": True,
    "source": "self",
}


def test_referral_goes_to_the_team_for_its_postcode_district_with_a_triage_task(world):
    PostcodeDistrictTeam.objects.create(district="LS6", team=world.team_y)
    referral = services.referral_create(**INTAKE)
    assert referral.team == world.team_y
    assert referral.postcode == "LS6 2AB"
    assert referral.first_name == "Jo"
    assert referral.status == ReferralStatus.AWAITING_TRIAGE
    assert referral.reference.startswith("CSS-") and len(referral.reference) == 10
    task = Task.objects.get(referral=referral)
    assert (task.kind, task.team, task.status) == (TaskKind.TRIAGE_REFERRAL, world.team_y, "open")


def test_referral_without_a_district_route_goes_to_the_default_intake_team(world):
    with override_settings(TRIAGE_DEFAULT_INTAKE_TEAM="Team Y"):
        assert services.referral_create(**INTAKE).team == world.team_y
    with override_settings(TRIAGE_DEFAULT_INTAKE_TEAM=""):
        assert services.referral_create(**INTAKE).team == world.team_x  # the first team


def test_references_are_not_sequential(world):
    references = {services.referral_create(**INTAKE).reference for _ in range(5)}
    assert len(references) == 5


def test_referral_with_an_invalid_nhs_number_is_not_saved(world):
    with pytest.raises(ValidationError):
        services.referral_create(**{**INTAKE, "nhs_number": "4857773456"})
    assert Task.objects.count() == 0


def test_second_save_with_a_stale_version_is_refused_and_changes_nothing(world):
    referral = ReferralFactory(team=world.team_x)
    read_version = referral.version
    services.referral_update(referral=referral, version=read_version, phone="07700 900001")
    stale = type(referral).objects.get(pk=referral.pk)
    with pytest.raises(EditConflict):
        services.referral_update(referral=stale, version=read_version, phone="07700 900002")
    stale.refresh_from_db()
    assert stale.phone == "07700 900001"


def test_carer_update_is_conflict_safe(world):
    carer = world.carer_a
    services.carer_update(carer=carer, version=1, phone="01234 567890")
    with pytest.raises(EditConflict):
        services.carer_update(carer=carer, version=1, phone="09999 999999")
    carer.refresh_from_db()
    assert (carer.phone, carer.version) == ("01234 567890", 2)


def test_new_carer_from_referral_copies_the_details_and_the_cared_for_person(world):
    referral = ReferralFactory(team=world.team_x, nhs_number="4857773457")
    referral = services.referral_carer_create(referral=referral, version=referral.version)
    carer = referral.carer
    assert (carer.last_name, carer.nhs_number, carer.team) == (
        referral.last_name,
        "4857773457",
        world.team_x,
    )
    link = carer.relationships.get()
    assert link.cared_for.first_name == referral.cared_for_first_name


def _answers(**overrides):
    answers = {
        "caring_hours": "20_49",
        "health_impact": "none",
        "breakdown_risk": "high",
        "carer_hospital_admission": False,
        "urgency": "routine",
    }
    return {**answers, **overrides}


def test_triage_records_the_rules_proposal_and_completing_needs_a_linked_carer(world):
    referral = ReferralFactory(team=world.team_x)
    referral, proposal = services.referral_triage_record(
        referral=referral, version=referral.version, **_answers()
    )
    assert (referral.proposed_priority, referral.proposed_pathway) == ("urgent", "emergency")
    with pytest.raises(TriageNotReady, match="Link this referral"):
        services.referral_triage_complete(
            referral=referral,
            version=referral.version,
            priority="urgent",
            pathway="emergency",
            override_reason="",
            by=world.user("triage_worker"),
        )


def test_overriding_the_proposal_needs_a_reason_and_is_recorded(world):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = services.referral_triage_record(
        referral=referral, version=referral.version, **_answers()
    )
    worker = world.user("triage_worker")
    with pytest.raises(TriageNotReady, match="reason"):
        services.referral_triage_complete(
            referral=referral,
            version=referral.version,
            priority="high",
            pathway="carers_assessment",
            override_reason=" ",
            by=worker,
        )
    referral = services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="high",
        pathway="carers_assessment",
        override_reason="Daughter is moving in to help this week",
        by=worker,
    )
    assert referral.status == ReferralStatus.TRIAGED
    assert referral.override_reason == "Daughter is moving in to help this week"
    assert referral.triaged_by == worker
    kinds = dict(Task.objects.filter(referral=referral).values_list("kind", "status"))
    assert kinds == {TaskKind.START_ASSESSMENT: TaskStatus.OPEN}


def test_assessment_started_stops_the_clock_and_clears_the_task(world):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = services.referral_triage_record(
        referral=referral, version=referral.version, **_answers(breakdown_risk="some")
    )
    referral = services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="high",
        pathway="carers_assessment",
        override_reason="",
        by=world.user("triage_worker"),
    )
    services.referral_mark_assessment_started(referral=referral)
    services.referral_mark_assessment_started(referral=referral)  # idempotent
    referral.refresh_from_db()
    assert referral.assessment_started_at is not None
    assert not Task.objects.filter(referral=referral, status=TaskStatus.OPEN).exists()


def test_assigning_a_worker_outside_the_team_is_refused(world):
    referral = ReferralFactory(team=world.team_x)
    with pytest.raises(TriageNotReady):
        services.referral_assign(
            referral=referral,
            version=referral.version,
            team=world.team_x,
            assigned_to=world.user("triage_worker_y"),
        )


def test_assignment_moves_open_tasks_with_the_referral(world):
    referral = services.referral_create(**INTAKE, team=world.team_x)
    worker = world.user("assessor")
    services.referral_assign(
        referral=referral, version=referral.version, team=world.team_x, assigned_to=worker
    )
    assert Task.objects.get(referral=referral).assigned_to == worker


def test_carer_create_rejects_a_bad_postcode():
    with pytest.raises(ValidationError):
        CarerFactory.build(postcode="NOT A CODE", team=TeamFactory()).full_clean()


def test_changing_a_completed_triage_does_not_queue_a_second_assessment(world):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    for _ in range(2):
        referral, _proposal = services.referral_triage_record(
            referral=referral, version=referral.version, **_answers(breakdown_risk="some")
        )
        referral = services.referral_triage_complete(
            referral=referral,
            version=referral.version,
            priority="high",
            pathway="carers_assessment",
            override_reason="",
            by=world.user("triage_worker"),
        )
    assert Task.objects.filter(referral=referral, kind=TaskKind.START_ASSESSMENT).count() == 1


def test_young_carers_go_to_the_young_carers_team_when_one_is_configured(world, settings):
    young = TeamFactory(name="Young Carers")
    PostcodeDistrictTeam.objects.create(district="LS6", team=world.team_x)
    fifteen = datetime.date.today() - datetime.timedelta(days=15 * 365)
    settings.TRIAGE_YOUNG_CARERS_TEAM = "Young Carers"
    assert services.referral_create(**{**INTAKE, "date_of_birth": fifteen}).team == young
    assert services.referral_create(**INTAKE).team == world.team_x
    settings.TRIAGE_YOUNG_CARERS_TEAM = ""
    assert services.referral_create(**{**INTAKE, "date_of_birth": fifteen}).team == world.team_x
