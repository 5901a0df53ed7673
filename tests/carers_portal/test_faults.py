"""Faults a council's platform will meet, on a throwaway PostgreSQL and Redis of this test's own
(under a temp directory, Unix sockets only, so the machine's shared servers are never touched).

Each fault hits the monthly return in the middle of its run: the test holds a lock on the
returns table so the worker's job is provably mid-way (figures computed, nothing stored) when
the fault comes. Each must end with exactly one run row for the period, files whose sha256
equals a clean run's, and recovery within the visibility timeout plus a minute.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
import redis
from celery import Celery

from carers_portal import embedded

pytestmark = pytest.mark.celery_worker

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 30  # carers_portal/settings/test.py
RECOVERY_LIMIT = VISIBILITY_TIMEOUT + 60
TODAY = datetime.date.today()
PERIOD_END = TODAY.replace(day=1) - datetime.timedelta(days=1)
PERIOD = f"{PERIOD_END:%Y-%m}"  # last month: what the nightly job returns today
RECOVERY: dict[str, float] = {}

SEED = f"""
import datetime
from tests.reporting.factories import AssessmentFactory
end = datetime.date({PERIOD_END.year}, {PERIOD_END.month}, {PERIOD_END.day})
for day in (1, 5, 9, 20):
    AssessmentFactory(completed_on=end.replace(day=day), received_specific_service=day % 2 == 1)
AssessmentFactory(completed_on=end.replace(day=12), kind="joint")
"""


def _start_postgres(var_dir: Path) -> str:
    # In a process of its own: the pgserver handle caches servers per process, and a restart
    # must really start the server again.
    code = "import sys; from pathlib import Path; from carers_portal import embedded; print(embedded.postgres_url(Path(sys.argv[1])))"
    for _attempt in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code, str(var_dir)],
            cwd=ROOT,
            env={**os.environ, "XDG_RUNTIME_DIR": str(var_dir / "run")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if out.returncode == 0:
            return out.stdout.strip().splitlines()[-1]
        # Seen once under heavy load right after a fast shutdown; the second start succeeds.
        print(f"PostgreSQL start failed, trying again:\n{out.stderr[-1000:]}", file=sys.stderr)
        time.sleep(2)
    log = var_dir / "postgres" / "log"
    pytest.fail(f"PostgreSQL did not start:\n{out.stderr[-2000:]}\n{log.read_text()[-3000:]}")


class Stack:
    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.database_url = _start_postgres(var_dir)
        self.broker_url = embedded.redis_url(var_dir)
        self.workers: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "carers_portal.settings.test",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "CARERS_PORTAL_VAR_DIR": str(var_dir),
        }
        self.env.pop("TEST_DATABASE_NAME", None)
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("shell", "-c", SEED)
        self.app = Celery()
        # Celery prefers CELERY_BROKER_URL from the environment (the shared Redis) over
        # broker_url; the write URL is taken as given.
        self.app.conf.broker_write_url = self.broker_url
        self.redis = redis.Redis(unix_socket_path=str(var_dir / "redis" / "redis.sock"))

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, timeout=300
        )

    def connect(self):
        config = dj_database_url.parse(self.database_url)
        return psycopg2.connect(dbname=config["NAME"], user=config["USER"], host=config["HOST"])

    def query(self, sql: str, params=()) -> list[tuple]:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def runs(self) -> list[tuple]:
        return self.query(
            "SELECT csv_sha256, xlsx_sha256, times_produced, length(csv_content),"
            " length(xlsx_content) FROM reporting_returnrun WHERE period_start = %s",
            [PERIOD_END.replace(day=1)],
        )

    def start(self, *celery_args: str, concurrency: int = 1) -> subprocess.Popen:
        args = [sys.executable, "-m", "celery", "-A", "carers_portal", *celery_args]
        if celery_args[0] == "worker":
            args += ["--concurrency", str(concurrency), "--without-gossip", "--without-mingle"]
        process = subprocess.Popen(
            [*args, "--loglevel", "WARNING"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        self.workers.append(process)
        return process

    def stop(self, process: subprocess.Popen, sig=signal.SIGTERM) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def reset(self) -> None:
        for process in self.workers:
            self.stop(process)
        self.workers.clear()
        self.redis.flushall()
        self.query_write("DELETE FROM reporting_returnrun")

    def query_write(self, sql: str) -> None:
        connection = self.connect()
        with connection, connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    def produce(self) -> None:
        self.app.send_task("reporting.tasks.return_produce_task", args=[PERIOD])

    def lock_returns(self):
        """Hold the returns table so a job blocks mid-way; returns the holding connection."""
        connection = self.connect()
        cursor = connection.cursor()
        cursor.execute("LOCK TABLE reporting_returnrun IN ACCESS EXCLUSIVE MODE")
        return connection

    def wait_until_blocked(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.query(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query ILIKE '%%reporting_returnrun%%'"
            ):
                return
            time.sleep(0.2)
        pytest.fail("The worker never reached the returns table")

    def wait_for(self, condition, timeout: float, what: str) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if condition():
                return time.monotonic() - start
            time.sleep(0.5)
        pytest.fail(f"{what} not within {timeout:.0f}s; runs: {self.runs()}")

    def queue_empty(self) -> bool:
        return self.redis.llen("celery") == 0 and self.redis.hlen("unacked") == 0

    def close(self) -> None:
        for process in self.workers:
            self.stop(process, signal.SIGKILL)
        embedded.stop(self.var_dir)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("faults")
    stack = Stack(var_dir)
    try:
        # The clean run every faulted run is compared with.
        stack.start("worker")
        stack.produce()
        stack.wait_for(lambda: stack.runs(), 120, "The clean run")
        stack.clean = stack.runs()[0][:2]
        stack.reset()
        yield stack
    finally:
        stack.close()
        assert embedded.running(var_dir) == {}
        if RECOVERY:
            print("\nRecovery (s):", {k: round(v, 1) for k, v in RECOVERY.items()})


def _assert_one_clean_run(stack: Stack) -> None:
    runs = stack.runs()
    assert len(runs) == 1, runs
    csv_sha, xlsx_sha, _times, csv_length, xlsx_length = runs[0]
    assert (csv_sha, xlsx_sha) == stack.clean
    assert csv_length > 0 and xlsx_length > 0


def test_a_worker_killed_mid_return_is_replaced_and_the_return_produced_once(stack):
    stack.reset()
    worker = stack.start("worker")
    lock = stack.lock_returns()
    stack.produce()
    stack.wait_until_blocked()
    stack.stop(worker, signal.SIGKILL)
    killed_at = time.monotonic()
    lock.rollback()
    lock.close()
    assert stack.runs() == []  # nothing half-written by the killed job
    stack.start("worker")
    stack.wait_for(lambda: stack.runs(), RECOVERY_LIMIT, "Redelivery after SIGKILL")
    RECOVERY["worker SIGKILL"] = time.monotonic() - killed_at
    stack.wait_for(stack.queue_empty, 30, "The queue draining")
    _assert_one_clean_run(stack)
    assert RECOVERY["worker SIGKILL"] <= RECOVERY_LIMIT


def test_redis_restarted_mid_return_loses_nothing_and_duplicates_nothing(stack):
    stack.reset()
    stack.start("worker")
    lock = stack.lock_returns()
    stack.produce()
    stack.wait_until_blocked()
    assert embedded.stop(stack.var_dir, only={"redis"}) == ["redis"]
    restarted_at = time.monotonic()
    embedded.redis_url(stack.var_dir)  # same data directory: the append-only file is replayed
    lock.rollback()
    lock.close()
    stack.wait_for(lambda: stack.runs(), RECOVERY_LIMIT, "The return after a Redis restart")
    stack.wait_for(stack.queue_empty, RECOVERY_LIMIT, "The queue draining")
    RECOVERY["Redis restart"] = time.monotonic() - restarted_at
    _assert_one_clean_run(stack)


def test_two_beats_by_mistake_still_give_one_return(stack):
    stack.reset()
    stack.manage(
        "shell",
        "-c",
        "from django_celery_beat.models import IntervalSchedule, PeriodicTask;"
        "every, _ = IntervalSchedule.objects.get_or_create(every=3, period='seconds');"
        "PeriodicTask.objects.update_or_create(name='fault-nightly', defaults=dict("
        "interval=every, task='reporting.tasks.reporting_nightly_task'))",
    )
    stack.start("worker", concurrency=2)
    beats = [
        stack.start("beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler")
        for _ in range(2)
    ]
    started = time.monotonic()
    stack.wait_for(lambda: stack.runs(), RECOVERY_LIMIT, "The nightly return")
    time.sleep(10)  # both beats keep sending the nightly job meanwhile
    for beat in beats:
        stack.stop(beat)
    RECOVERY["two beats"] = time.monotonic() - started
    # Doubled sends race in the nightly figures and are retried with back-off (up to minutes).
    stack.wait_for(stack.queue_empty, 300, "The queue draining")
    stack.query_write("DELETE FROM django_celery_beat_periodictask WHERE name = 'fault-nightly'")
    # Two runs that both found no return may both produce it: still one row, the same files.
    _assert_one_clean_run(stack)


def test_postgresql_restarted_mid_return_is_retried_to_one_clean_run(stack):
    stack.reset()
    stack.start("worker")
    lock = stack.lock_returns()
    stack.produce()
    stack.wait_until_blocked()
    # Fast shutdown ends every session, the lock holder's and the worker's mid-job.
    assert embedded.stop(stack.var_dir, only={"postgres"}) == ["postgres"]
    restarted_at = time.monotonic()
    with pytest.raises(psycopg2.Error):
        lock.cursor().execute("SELECT 1")
    assert _start_postgres(stack.var_dir) == stack.database_url
    stack.wait_for(lambda: stack.runs(), RECOVERY_LIMIT, "The retried return")
    stack.wait_for(stack.queue_empty, RECOVERY_LIMIT, "The queue draining")
    RECOVERY["PostgreSQL restart"] = time.monotonic() - restarted_at
    _assert_one_clean_run(stack)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _readyz(port: int) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 (loopback http)
        f"http://127.0.0.1:{port}/readyz", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def test_readyz_names_redis_while_it_is_stopped_and_recovers_when_it_is_back(stack):
    import secrets

    stack.reset()
    port = _free_port()
    production = {
        "DJANGO_SETTINGS_MODULE": "carers_portal.settings.production",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "localhost",
        "BEAT_HEARTBEAT_SECONDS": "2",
        "BEAT_HEARTBEAT_MAX_AGE_SECONDS": "30",
    }
    saved = dict(stack.env)
    stack.env.update(production)
    try:
        stack.start("worker")
        stack.start("beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler")
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "carers_portal.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=stack.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stack.workers.append(web)
        stack.wait_for(lambda: _readyz(port)[0] == 200, 120, "Readiness with everything up")

        embedded.stop(stack.var_dir, only={"redis"})
        status, body = _readyz(port)
        assert status == 503
        assert "Redis" in body["failed"]
        assert body["checks"]["PostgreSQL"] == "ok"

        embedded.redis_url(stack.var_dir)
        RECOVERY["readyz after Redis restart"] = stack.wait_for(
            lambda: _readyz(port)[0] == 200, RECOVERY_LIMIT, "Readiness after Redis came back"
        )
    finally:
        stack.env.clear()
        stack.env.update(saved)
        stack.reset()
