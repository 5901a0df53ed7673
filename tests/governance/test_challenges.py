"""A carer's challenge to their record: logged with the date it came in, in the team's tray and
the governance lead's list until a team manager decides it within a month; an upheld
rectification names the amendment that corrected the record."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentAmendment
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from governance import services
from governance.models import Decision, RecordChallenge
from tests.factories import UserFactory
from tests.support_plans.factories import EligibleAssessmentFactory
from triage import services as triage_services
from triage.case_notes import case_note_add
from triage.models import Task, TaskKind, TaskStatus
from triage.restrictions import carer_restrict
from triage.selectors import task_tray

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _log_form(received: datetime.date, **overrides) -> dict:
    data = {
        "kind": "rectification",
        "record_ref": "details",
        "carer_says": "My mobile number is 07700 900123, not the one you have.",
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
    }
    data.update(overrides)
    return data


def _challenge(world, *, kind="rectification", received=None, record_ref="details"):
    return services.challenge_log(
        carer=world.carer_a,
        kind=kind,
        record_ref=record_ref,
        carer_says="My phone number is wrong",
        received_on=received or _days_ago(3),
        by=world.user("triage_worker"),
    )


def _detail(challenge) -> str:
    return reverse("governance:challenge-detail", kwargs={"pk": challenge.pk})


def test_a_worker_logs_a_challenge_from_the_carer_record(world, client_for):
    client = client_for(world.user("triage_worker"))
    record = client.get(reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk}))
    log_url = reverse("governance:challenge-log", kwargs={"pk": world.carer_a.pk})
    assert log_url in record.content.decode()  # the record's governance section links to it
    page = client.get(log_url)
    assert page.status_code == 200
    assert "Which record are they challenging?" in page.content.decode()

    received = _days_ago(2)
    response = client.post(log_url, _log_form(received))
    assert response.status_code == 302
    challenge = RecordChallenge.objects.get()
    assert challenge.kind == "rectification"
    assert challenge.record_described.startswith("The carer's details")
    assert challenge.received_on == received
    assert challenge.due_on == services.one_month_after(received)
    assert challenge.logged_by == world.user("triage_worker")
    listing = client.get(response["Location"]).content.decode()
    assert "Challenge logged" in listing and "Not decided yet" in listing
    assert AccessEvent.objects.filter(
        user=world.user("triage_worker"), object_type="Carer", carer_id=world.carer_a.pk
    ).exists()


def test_the_log_page_explains_mistakes_and_keeps_what_was_typed(world, client_for):
    client = client_for(world.user("assessor"))
    url = reverse("governance:challenge-log", kwargs={"pk": world.carer_a.pk})
    empty = client.post(url, {})
    body = empty.content.decode()
    assert empty.status_code == 400
    assert "govuk-error-summary" in body
    for message in (
        "Select what the carer is asking for",
        "Select which record the carer is challenging",
        "Enter what the carer says",
        "Enter the date the challenge was received",
    ):
        assert message in body
    future = _log_form(TODAY + datetime.timedelta(days=3), kind="objection")
    response = client.post(url, future)
    body = response.content.decode()
    assert response.status_code == 400
    assert "The date received must be today or in the past" in body
    assert "07700 900123" in body  # what was typed is still there
    objection = re.search(r'<input[^>]*value="objection"[^>]*>', body).group(0)
    assert "checked" in objection
    assert not RecordChallenge.objects.exists()


def test_an_open_challenge_is_in_the_team_tray_and_the_leads_list(world, client_for):
    challenge = _challenge(world)
    task = Task.objects.get(pk=challenge.task_id)
    assert task.kind == TaskKind.RECORD_CHALLENGE and task.status == TaskStatus.OPEN
    assert task.due_on == challenge.due_on and task.team == world.team_x
    assert "My phone number" not in task.title  # the tray does not repeat what was said
    assert task.pk in set(task_tray(user=world.user("triage_worker")).values_list("pk", flat=True))
    tray = client_for(world.user("team_manager")).get(reverse("triage:tray")).content.decode()
    decide = reverse("governance:carer-challenges", kwargs={"pk": world.carer_a.pk})
    assert 'data-testid="task-next-decide-challenge"' in tray and decide in tray

    lead = world.user("administrator")
    lead.user_permissions.add(Permission.objects.get(codename="lead_information_governance"))
    page = client_for(lead).get(reverse("governance:challenge-list")).content.decode()
    assert page.count('data-testid="open-challenge"') == 1
    assert str(world.carer_a.pk) in page and "Team X" in page
    assert "Ashby" not in page  # by record number


def test_a_team_manager_upholds_a_rectification_naming_the_change_that_made_it(world, client_for):
    challenge = _challenge(world)
    worker, manager = world.user("triage_worker"), world.user("team_manager")
    # Others in the team read it but do not decide it.
    reading = client_for(worker).get(_detail(challenge))
    assert reading.status_code == 200 and 'name="decision"' not in reading.content.decode()
    assert client_for(worker).post(_detail(challenge), {"decision": "upheld"}).status_code == 404

    client = client_for(manager)
    page = client.get(_detail(challenge)).content.decode()
    assert "Nothing has been corrected on the record since the challenge was received" in page
    refused = client.post(
        _detail(challenge),
        {"version": challenge.version, "decision": "upheld", "decision_reasons": "Number wrong"},
    )
    assert refused.status_code == 400
    assert "Make the correction on the record first" in refused.content.decode()
    assert "Number wrong" in refused.content.decode()

    carer = world.carer_a
    triage_services.carer_update(carer=carer, version=carer.version, phone="07700 900123")
    page = client.get(_detail(challenge)).content.decode()
    assert "The carer&#x27;s details changed on" in page and "phone" in page
    form = {"version": challenge.version, "decision": "upheld", "decision_reasons": "Wrong"}
    missing = client.post(_detail(challenge), form)
    assert missing.status_code == 400
    assert "Select the amendment that corrected the record" in missing.content.decode()

    choice = services.amendment_choices(challenge=challenge, user=manager)[0][0]
    assert choice.startswith("carer_details:")
    response = client.post(_detail(challenge), {**form, "amendment": choice})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.decision == Decision.UPHELD
    assert challenge.decided_by == manager and challenge.decided_at is not None
    assert challenge.amendment_kind == "carer_details"
    assert Task.objects.get(pk=challenge.task_id).status == TaskStatus.DONE
    shown = client.get(_detail(challenge)).content.decode()
    record = reverse("triage:carer-detail", kwargs={"pk": carer.pk})
    assert f'href="{record}#history"' in shown and "Upheld" in shown
    assert 'name="decision"' not in shown  # decided once
    again = client.post(_detail(challenge), {**form, "decision": "not_upheld"})
    assert again.status_code == 404
    assert challenge.events.filter(pgh_label="update").exists()  # the decision has history


def test_a_corrected_case_note_or_assessment_is_the_amendment_named(world, client_for):
    manager = world.user("team_manager")
    note = case_note_add(
        carer=world.carer_a,
        author=world.user("triage_worker"),
        kind="phone_call",
        occurred_on=_days_ago(20),
        text="Ann said her son lives with her.",
    )
    challenge = _challenge(world, record_ref="case_notes")
    correction = case_note_add(
        carer=world.carer_a,
        author=world.user("triage_worker"),
        kind="phone_call",
        occurred_on=TODAY,
        text="Correction: Ann's son lives nearby, not with her.",
        amends=note,
    )
    assessment = EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    amendment = AssessmentAmendment.objects.create(
        assessment=assessment,
        field_name="outcomes_wanted",
        field_label="What the carer wants",
        old_value="a",
        new_value="b",
        reason="The carer's challenge",
        changed_by=world.user("assessor"),
    )
    offered = dict(services.amendment_choices(challenge=challenge, user=manager))
    assert f"case_note:{correction.pk}" in offered
    assert f"assessment_amendment:{amendment.pk}" in offered
    assert f"case_note:{note.pk}" not in offered  # the original note corrects nothing

    client = client_for(manager)
    client.post(
        _detail(challenge),
        {
            "version": challenge.version,
            "decision": "partly_upheld",
            "decision_reasons": "Corrected the note; the rest stands",
            "amendment": f"case_note:{correction.pk}",
        },
    )
    shown = client.get(_detail(challenge)).content.decode()
    record = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    assert f'href="{record}#note-{correction.pk}"' in shown and "Partly upheld" in shown
    carer_page = client.get(record).content.decode()
    assert f'id="note-{correction.pk}"' in carer_page  # the link lands on the note

    second = _challenge(world, record_ref=f"assessment:{assessment.pk}")
    client.post(
        _detail(second),
        {
            "version": second.version,
            "decision": "upheld",
            "decision_reasons": "Amended",
            "amendment": f"assessment_amendment:{amendment.pk}",
        },
    )
    link = reverse("assessments:detail", args=[assessment.pk]) + "#corrections"
    assert f'href="{link}"' in client.get(_detail(second)).content.decode()


def test_a_second_manager_saving_a_stale_decision_gets_the_conflict_page(world, client_for):
    challenge = _challenge(world, kind="objection")
    other = UserFactory(username="manager-two", role=Role.TEAM_MANAGER, teams=[world.team_x])
    stale = challenge.version
    client_for(world.user("team_manager")).post(
        _detail(challenge),
        {"version": stale, "decision": "not_upheld", "decision_reasons": "Lawful basis"},
    )
    # An objection is not corrected: its form asks no amendment question.
    response = client_for(other).post(
        _detail(challenge),
        {"version": stale, "decision": "upheld", "decision_reasons": "Typed by the second"},
    )
    assert response.status_code == 404  # decided already: nothing left to decide
    challenge.refresh_from_db()
    assert challenge.decision == Decision.NOT_UPHELD

    open_one = _challenge(world, kind="objection")
    stale = open_one.version
    RecordChallenge.objects.filter(pk=open_one.pk).update(version=stale + 1)
    response = client_for(other).post(
        _detail(open_one),
        {"version": stale, "decision": "upheld", "decision_reasons": "Typed by the second"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this challenge" in body
    assert "Typed by the second" in body
    assert f'value="{stale + 1}"' in body
    open_one.refresh_from_db()
    assert open_one.decision == Decision.PENDING


def test_an_overdue_challenge_is_flagged_where_people_look(world, client_for):
    challenge = _challenge(world, received=_days_ago(40))
    assert challenge.is_overdue()
    client = client_for(world.user("assessor"))
    record = client.get(reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk}))
    assert "1 overdue" in record.content.decode()
    listing = client.get(reverse("governance:carer-challenges", kwargs={"pk": world.carer_a.pk}))
    assert "Overdue" in listing.content.decode()
    detail = client.get(_detail(challenge)).content.decode()
    assert "Overdue" in detail and challenge.due_on.strftime("%-d %B %Y") in detail
    assert challenge.due_on == services.one_month_after(_days_ago(40))


def test_a_restricted_carers_challenges_are_for_the_named_staff(world, client_for):
    challenge = _challenge(world)
    carer_restrict(
        carer=world.carer_a,
        reason="relative_on_staff",
        details="",
        named_staff=[],
        by=world.user("team_manager"),
    )
    for url in (
        _detail(challenge),
        reverse("governance:carer-challenges", kwargs={"pk": world.carer_a.pk}),
        reverse("governance:challenge-log", kwargs={"pk": world.carer_a.pk}),
    ):
        assert client_for(world.user("triage_worker")).get(url).status_code == 404, url
        assert client_for(world.user("team_manager")).get(url).status_code == 200, url
    assert not world.user("triage_worker").has_perm("governance.view_recordchallenge", challenge)


def test_the_leads_list_costs_the_same_for_3_or_30_challenges(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = world.user("administrator")
    lead.user_permissions.add(Permission.objects.get(codename="lead_information_governance"))
    client = client_for(lead)
    url = reverse("governance:challenge-list")
    for _ in range(3):
        _challenge(world)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(27):
        _challenge(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="open-challenge"') == 25


def test_the_lead_logs_a_request_for_a_person_cared_for(world, client_for):
    from governance.models import SubjectAccessRequest
    from tests.factories import CaringRelationshipFactory

    link = CaringRelationshipFactory(carer=world.carer_a)
    lead = world.user("administrator")
    lead.user_permissions.add(Permission.objects.get(codename="lead_information_governance"))
    client = client_for(lead)
    url = reverse("governance:sar-cared-for")
    assert url in client.get(reverse("governance:sar-list")).content.decode()
    record = client_for(world.user("assessor")).get(
        reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    )
    assert f'<td class="govuk-table__cell">{link.cared_for_id}</td>' in record.content.decode()

    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Enter the record number of the person cared for" in empty.content.decode()
    unknown = client.post(url, {"cared_for": "999999", "received_on": "2026-11-03"})
    assert unknown.status_code == 400
    body = unknown.content.decode()
    assert "There is no person cared for with that record number" in body
    assert 'value="999999"' in body
    from unittest import mock

    from governance.tasks import sar_build_task

    with mock.patch.object(sar_build_task, "delay"):
        response = client.post(
            url, {"cared_for": str(link.cared_for_id), "received_on": "2026-11-03"}
        )
    assert response.status_code == 302
    sar = SubjectAccessRequest.objects.get()
    assert sar.cared_for_id == link.cared_for_id and sar.carer_id is None
    assert sar.due_on == datetime.date(2026, 12, 3)
    assert "(person cared for)" in client.get(reverse("governance:sar-list")).content.decode()
