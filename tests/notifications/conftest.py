import pytest

from notifications.models import Channel, MessageKind
from tests.notifications import notify_server

TEMPLATES = {
    f"{kind}_{channel}": f"{kind}-{channel}-template"
    for kind in MessageKind.values
    for channel in Channel.values
}


@pytest.fixture
def notify(settings):
    """The real Notify client, pointed at a Notify look-alike on loopback."""
    state, server = notify_server.start()
    settings.NOTIFY_BACKEND = "notify"
    settings.NOTIFY_API_KEY = notify_server.API_KEY
    settings.NOTIFY_BASE_URL = state.base_url
    settings.NOTIFY_TIMEOUT_SECONDS = 5
    settings.NOTIFY_RETRY_BASE_SECONDS = 0
    settings.NOTIFY_CALLBACK_TOKEN = "receipt-token-for-tests-0123456789"
    settings.NOTIFY_TEMPLATES = TEMPLATES
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def run_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Runs what a block queued on commit, with message tasks run in this process.

    The task runs through Celery's own apply(), so its retries and backoff are Celery's.
    """
    from notifications import tasks

    monkeypatch.setattr(
        tasks.message_send_task, "delay", lambda *a: tasks.message_send_task.apply(args=a)
    )
    return lambda: django_capture_on_commit_callbacks(execute=True)
