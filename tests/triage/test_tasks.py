import pytest

from triage.models import TaskKind, TaskStatus
from triage.services import task_create

pytestmark = pytest.mark.django_db


def test_task_create_puts_an_open_item_on_the_team_worklist(world):
    task = task_create(
        kind=TaskKind.REVIEW_REQUESTED,
        title="Ann Ashby asked for a review",
        team=world.team_x,
        carer=world.carer_a,
    )
    assert task.status == TaskStatus.OPEN
    assert list(world.team_x.tasks.all()) == [task]


def test_task_create_refuses_an_unknown_kind(world):
    with pytest.raises(ValueError):
        task_create(kind="nonsense", title="x", team=world.team_x)
