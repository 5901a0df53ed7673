"""The monthly return through a real Celery worker on Redis, twice for the same period."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from carers_portal.celery import app
from reporting.models import ReturnRun
from reporting.tasks import return_produce_task
from tests.reporting.factories import AssessmentFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 60


def _test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    # A socket directory (the embedded server) goes in the URL percent-encoded.
    host = quote(db.get("HOST") or "127.0.0.1", safe="")
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker():
    app.control.purge()
    env = dict(os.environ)
    env.pop("TEST_DATABASE_NAME", None)
    env.update(
        DJANGO_SETTINGS_MODULE="carers_portal.settings.test",
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", app.conf.broker_url),
        DATABASE_URL=_test_database_url(),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "carers_portal",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for(condition, process) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"The worker stopped:\n{process.stdout.read()}")
        time.sleep(0.5)
    process.terminate()
    output = process.communicate(timeout=20)[0]
    pytest.fail(f"The worker did not produce the return within {TIMEOUT_SECONDS}s:\n{output}")


def test_the_worker_produces_one_run_with_identical_files_when_run_twice(worker):
    # Committed rows (transactional test) the worker's own connection can see.
    AssessmentFactory(completed_on=datetime.date(2026, 10, 5), received_specific_service=True)
    AssessmentFactory(completed_on=datetime.date(2026, 10, 9), kind="joint")
    return_produce_task.delay("2026-10")
    _wait_for(lambda: ReturnRun.objects.filter(period_start="2026-10-01").exists(), worker)
    first = ReturnRun.objects.get()

    return_produce_task.delay("2026-10")
    _wait_for(lambda: ReturnRun.objects.get().times_produced == 2, worker)

    second = ReturnRun.objects.get()
    assert ReturnRun.objects.count() == 1
    assert second.revision == 1
    assert (second.csv_sha256, second.xlsx_sha256) == (first.csv_sha256, first.xlsx_sha256)
    assert bytes(second.xlsx_content) == bytes(first.xlsx_content)
    assert "month_assessments,carers,joint,1" in bytes(second.csv_content).decode()
