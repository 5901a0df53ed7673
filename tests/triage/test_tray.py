"""The team worktray: every open task of a worker's teams, soonest due first, claim and assign."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CarerFactory
from tests.triage.factories import ReferralFactory
from triage.models import Task, TaskKind, TaskStatus
from triage.services import task_create

pytestmark = pytest.mark.django_db


def _task(world, *, team=None, due_in=None, kind=TaskKind.REVIEW_REQUESTED, **extra):
    team = team or world.team_x
    carer = extra.pop("carer", None) or CarerFactory(team=team)
    return task_create(
        kind=kind,
        title=extra.pop("title", f"{carer.full_name} asked for a review"),
        team=team,
        carer=carer,
        due_on=None if due_in is None else timezone.localdate() + datetime.timedelta(days=due_in),
        **extra,
    )


def test_tray_lists_the_teams_open_tasks_soonest_first_with_overdue_marked(world, client_for):
    later = _task(world, due_in=5, title="Later task")
    overdue = _task(world, due_in=-2, title="Overdue task")
    undated = _task(world, title="Undated task")
    done = _task(world, due_in=1, title="Finished task")
    Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE)
    _task(world, team=world.team_y, due_in=0, title="Other team's task")

    response = client_for(world.user("triage_worker")).get(reverse("triage:tray"))

    assert response.status_code == 200
    titles = [task.title for task in response.context["tasks"]]
    assert titles == [overdue.title, later.title, undated.title]
    body = response.content.decode()
    assert "Other team" not in body and "Finished task" not in body
    assert body.count("govuk-tag--red") == 1  # only the overdue one
    assert "3 open tasks for your teams: 1 overdue, 3 not assigned to anyone, 0 with you" in body


def test_tray_filters_mine_unassigned_kind_and_overdue(world, client_for):
    worker = world.user("assessor")
    mine = _task(world, due_in=1, assigned_to=worker, title="Mine")
    _task(world, due_in=-1, title="Unassigned overdue", kind=TaskKind.TRIAGE_REFERRAL)
    client = client_for(worker)

    def titles(query):
        return [t.title for t in client.get(reverse("triage:tray") + query).context["tasks"]]

    assert titles("?show=mine") == [mine.title]
    assert titles("?show=unassigned") == ["Unassigned overdue"]
    assert titles("?kind=triage_referral") == ["Unassigned overdue"]
    assert titles("?overdue=on") == ["Unassigned overdue"]


def test_claiming_a_task_gives_it_to_the_worker(world, client_for):
    task = _task(world, due_in=3)
    worker = world.user("triage_worker")
    client = client_for(worker)
    response = client.post(
        reverse("triage:task-claim", kwargs={"pk": task.pk}), {"version": task.version}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assigned_to == worker
    page = client.get(response["Location"]).content.decode()
    assert "You have claimed" in page
    assert "0 not assigned to anyone, 1 with you" in page


def test_a_stale_claim_does_not_take_a_task_someone_else_has(world, client_for):
    task = _task(world, due_in=3)
    manager = world.user("team_manager")
    client_for(manager).post(
        reverse("triage:task-claim", kwargs={"pk": task.pk}), {"version": task.version}
    )
    response = client_for(world.user("triage_worker")).post(
        reverse("triage:task-claim", kwargs={"pk": task.pk}),
        {"version": task.version},
        follow=True,
    )
    task.refresh_from_db()
    assert task.assigned_to == manager
    assert "Someone else changed" in response.content.decode()


def test_assigning_a_task_to_a_team_member(world, client_for):
    task = _task(world, due_in=3)
    url = reverse("triage:task-assign", kwargs={"pk": task.pk})
    client = client_for(world.user("team_manager"))
    assessor = world.user("assessor")
    response = client.post(url, {"version": task.version, "assigned_to": assessor.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assigned_to == assessor


def test_assigning_to_someone_outside_the_team_is_refused_with_the_answer_kept(world, client_for):
    task = _task(world, due_in=3)
    outsider = world.user("triage_worker_y")
    response = client_for(world.user("team_manager")).post(
        reverse("triage:task-assign", kwargs={"pk": task.pk}),
        {"version": task.version, "assigned_to": outsider.pk},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    task.refresh_from_db()
    assert task.assigned_to is None


def test_another_teams_task_is_not_found(world, client_for):
    task = _task(world, team=world.team_y, due_in=3)
    client = client_for(world.user("triage_worker"))
    assert client.get(reverse("triage:task-assign", kwargs={"pk": task.pk})).status_code == 404
    claim = client.post(reverse("triage:task-claim", kwargs={"pk": task.pk}), {"version": 1})
    assert claim.status_code == 404


def test_tray_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    client = client_for(world.user("triage_worker"))
    for _ in range(5):
        referral = ReferralFactory(team=world.team_x, carer=CarerFactory(team=world.team_x))
        _task(world, due_in=1, referral=referral, carer=referral.carer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("triage:tray"))
    for _ in range(45):
        referral = ReferralFactory(team=world.team_x, carer=CarerFactory(team=world.team_x))
        _task(world, due_in=1, referral=referral, carer=referral.carer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("triage:tray"))
    assert len(response.context["tasks"]) == 25


def test_home_page_leads_with_the_teams_counts(world, client_for):
    _task(world, due_in=-1, kind=TaskKind.TRIAGE_REFERRAL, title="Triage A")
    _task(world, due_in=2, kind=TaskKind.TRIAGE_REFERRAL, title="Triage B")
    _task(world, due_in=4, kind=TaskKind.REVIEW_REQUESTED)
    _task(world, team=world.team_y, kind=TaskKind.REVIEW_REQUESTED)
    response = client_for(world.user("triage_worker")).get(reverse("home-triage-worker"))
    body = response.content.decode()
    assert "<strong>2</strong> to triage" in body
    assert "<strong>1</strong> review request<" in body
    assert "<strong>1</strong> overdue" in body
    assert reverse("triage:tray") + "?kind=triage_referral" in body
