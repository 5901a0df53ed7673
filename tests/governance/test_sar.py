"""The subject access pack holds every record linked to the carer, with history and views."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from governance import services
from governance.models import SarStatus, SubjectAccessRequest
from tests.assessments.factories import AssessmentFactory
from tests.emergency_cards.factories import plan_for
from tests.factories import CaringRelationshipFactory, UserFactory
from tests.support_plans.factories import SupportPlanFactory
from tests.triage.factories import ReferralFactory
from triage.models import CaredForPerson, Carer

pytestmark = pytest.mark.django_db(transaction=False)


def _models_reaching(targets) -> set[str]:
    """Independent of the exporter: every model with a chain of foreign keys to a target."""
    reaching = set(targets)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in reaching:
                continue
            if any(
                f.is_relation and f.related_model in reaching for f in model._meta.concrete_fields
            ):
                reaching.add(model)
                changed = True
    return {m._meta.label_lower for m in reaching}


@pytest.fixture
def lead(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="ig-lead", role=Role.ADMINISTRATOR)
    user.user_permissions.add(Permission.objects.get(codename="lead_information_governance"))
    return user


@pytest.fixture
def full_carer(world):
    carer = world.carer_a
    link = CaringRelationshipFactory(carer=carer)
    referral = ReferralFactory(team=world.team_x, carer=carer)
    first = AssessmentFactory(carer=carer, team=world.team_x, cared_for=link.cared_for)
    second = AssessmentFactory(carer=carer, team=world.team_x)
    plan = SupportPlanFactory(carer=carer, team=world.team_x, assessment__carer=carer)
    card_plan = plan_for(carer, cared_for_link=link)
    carer.phone = "01632 960001"
    carer.save()  # a change, so the carer's history has an update
    AccessEvent.objects.create(
        user=world.user("triage_worker"),
        role="triage_worker",
        action="view",
        object_type="Carer",
        object_id=str(carer.pk),
        carer_id=carer.pk,
    )
    return carer, referral, [first, second], plan, card_plan


def _request(django_capture_on_commit_callbacks, **subject):
    """The request queues the build after commit; here the queued id is built in-process
    (tests/reporting/test_celery_worker.py runs tasks through a real worker)."""
    from unittest import mock

    from governance.tasks import sar_build_task

    with (
        mock.patch.object(sar_build_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        sar = services.sar_request(received_on=datetime.date(2026, 11, 3), **subject)
    delay.assert_called_once_with(sar.pk)
    sar_build_task(sar.pk)
    sar.refresh_from_db()
    return sar


def _build(carer, lead, django_capture_on_commit_callbacks) -> zipfile.ZipFile:
    sar = _request(django_capture_on_commit_callbacks, carer=carer, requested_by=lead)
    assert sar.status == SarStatus.READY and sar.due_on == datetime.date(2026, 12, 3)
    return sar, zipfile.ZipFile(io.BytesIO(bytes(sar.export)))


def test_pack_holds_every_record_and_its_history(
    full_carer, lead, django_capture_on_commit_callbacks
):
    carer, referral, assessments, plan, card_plan = full_carer
    sar, archive = _build(carer, lead, django_capture_on_commit_callbacks)

    def table(label):
        return json.loads(archive.read(f"tables/{label}.json"))

    assert [r["id"] for r in table("triage.carer")] == [carer.pk]
    assert [r["id"] for r in table("triage.referral")] == [referral.pk]
    expected_assessments = sorted([*(a.pk for a in assessments), plan.assessment_id])
    assert sorted(r["id"] for r in table("assessments.assessment")) == expected_assessments
    assert [r["id"] for r in table("support_plans.supportplan")] == [plan.pk]
    assert [r["id"] for r in table("emergency_cards.emergencyplan")] == [card_plan.pk]
    assert len(table("emergency_cards.emergencycard")) == 1
    assert len(table("emergency_cards.emergencycontact")) == 2
    history = table("triage.carerevent")
    assert {e["pgh_label"] for e in history} >= {"insert", "update"}
    assert len(table("assessments.assessmentevent")) >= 2
    assert [e["carer_id"] for e in table("accounts.accessevent")] == [carer.pk]
    assert "Ashby" in archive.read("summary.html").decode()
    assert archive.read("summary.pdf").startswith(b"%PDF")
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tables"]["emergency_cards.emergencycontact"]["third_party_review"]
    assert manifest["tables"]["triage.caredforperson"]["rows"] == 1
    # Nothing of another carer.
    assert all(r["carer_id"] == carer.pk for r in table("triage.referral"))
    # The build is idempotent: a second task run changes nothing.
    assert services.sar_build(sar_id=sar.pk) is False


def test_meta_every_table_reaching_a_carer_or_cared_for_person_is_exported(
    full_carer, lead, django_capture_on_commit_callbacks
):
    carer = full_carer[0]
    _sar, archive = _build(carer, lead, django_capture_on_commit_callbacks)
    exported = {name.removeprefix("tables/").removesuffix(".json") for name in archive.namelist()}
    expected = _models_reaching({Carer}) | {"accounts.accessevent", "triage.caredforperson"}
    missing = expected - exported
    assert missing == set(), f"Carer-linked tables missing from the subject access pack: {missing}"
    cared_for = CaredForPerson.objects.get(relationships__carer=carer)
    sar = _request(django_capture_on_commit_callbacks, cared_for=cared_for, requested_by=lead)
    names = zipfile.ZipFile(io.BytesIO(bytes(sar.export))).namelist()
    exported = {n.removeprefix("tables/").removesuffix(".json") for n in names}
    assert _models_reaching({CaredForPerson}) - exported == set()


def test_download_once_by_the_requester_and_logged(
    full_carer, lead, client_for, django_capture_on_commit_callbacks
):
    carer = full_carer[0]
    sar, _archive = _build(carer, lead, django_capture_on_commit_callbacks)
    token = services.sar_issue_link(sar=sar, user=lead)
    url = reverse("governance:sar-download", kwargs={"pk": sar.pk}) + f"?token={token}"
    other_lead = UserFactory(username="other-admin", role=Role.ADMINISTRATOR)
    assert client_for(other_lead).get(url).status_code == 404
    response = client_for(lead).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert AccessEvent.objects.filter(user=lead, action="download", carer_id=carer.pk).count() == 1
    assert client_for(lead).get(url).status_code == 404  # used once
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert sar.status == SarStatus.DOWNLOADED and sar.export is None
