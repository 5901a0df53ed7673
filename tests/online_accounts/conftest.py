import pytest

from tests.notifications.conftest import notify  # noqa: F401 - Notify on loopback


@pytest.fixture
def run_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Runs what a block queued on commit, with the invitation and message tasks run in this
    process through Celery's own apply()."""
    from notifications import tasks as message_tasks
    from online_accounts import tasks

    monkeypatch.setattr(
        message_tasks.message_send_task,
        "delay",
        lambda *a: message_tasks.message_send_task.apply(args=a),
    )
    monkeypatch.setattr(
        tasks.invitation_send_task, "delay", lambda *a: tasks.invitation_send_task.apply(args=a)
    )
    return lambda: django_capture_on_commit_callbacks(execute=True)
