"""The embedded engines a fresh machine runs on when no DATABASE_URL / CELERY_BROKER_URL is set,
and that nothing started for a run or a test is left running afterwards."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2
import redis

from carers_portal import embedded

ROOT = Path(__file__).resolve().parents[2]


def _without_urls(var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(CARERS_PORTAL_VAR_DIR=str(var_dir), XDG_RUNTIME_DIR=str(var_dir / "run"), **extra)
    return env


def test_embedded_postgres_starts_and_serves_a_carers_portal_database(tmp_path: Path):
    url = embedded.postgres_url(var_dir=tmp_path)
    config = dj_database_url.parse(url)
    try:
        assert config["NAME"] == "carers_portal"
        connection = psycopg2.connect(
            dbname=config["NAME"], user=config["USER"], host=config["HOST"]
        )
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 150000
        connection.close()
        # A second start reuses the running server rather than failing on the data directory.
        assert embedded.postgres_url(var_dir=tmp_path) == url
    finally:
        embedded.stop(tmp_path)
    assert embedded.running(tmp_path) == {}


def test_embedded_redis_starts_on_a_private_socket_and_keeps_an_append_only_file(tmp_path: Path):
    url = embedded.redis_url(var_dir=tmp_path)
    socket_path = tmp_path / "redis" / "redis.sock"
    assert url == f"redis+socket://{socket_path}"
    client = redis.Redis(unix_socket_path=str(socket_path))
    try:
        client.set("carer", "queued")
        assert client.get("carer") == b"queued"
        assert client.config_get("appendonly")["appendonly"] == "yes"
        assert oct(socket_path.stat().st_mode & 0o777) == "0o700"
        assert embedded.redis_url(var_dir=tmp_path) == url
    finally:
        assert embedded.stop(tmp_path) == ["redis"]
    assert embedded.running(tmp_path) == {}


def test_a_test_run_on_the_embedded_servers_stops_them_when_it_ends(tmp_path: Path):
    # What `make test` does on a fresh machine: the test settings start the embedded servers.
    code = "import django; django.setup(); from carers_portal import embedded; print(embedded.running())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_without_urls(tmp_path, DJANGO_SETTINGS_MODULE="carers_portal.settings.test"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        assert result.returncode == 0, result.stderr
        assert "'postgres'" in result.stdout and "'redis'" in result.stdout
        assert embedded.running(tmp_path) == {}
    finally:
        embedded.stop(tmp_path)


def test_a_test_run_leaves_a_server_it_did_not_start_running(tmp_path: Path):
    embedded.redis_url(var_dir=tmp_path)
    try:
        code = "import django; django.setup()"
        env = _without_urls(tmp_path, DJANGO_SETTINGS_MODULE="carers_portal.settings.test")
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
        # `make run` may be using it; only the PostgreSQL the test run started is stopped.
        assert set(embedded.running(tmp_path)) == {"redis"}
    finally:
        embedded.stop(tmp_path)


def test_one_interrupt_stops_web_worker_beat_and_the_embedded_servers(tmp_path: Path):
    env = _without_urls(tmp_path, SEED_DEMO="0", RUN_ADDRESS="127.0.0.1:0")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "carers_portal.devserver"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    children = []
    try:
        deadline = time.monotonic() + 180
        state = tmp_path / "devserver.json"
        while not state.exists():
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "make run did not start in 180 s"
            time.sleep(0.5)
        children = json.loads(state.read_text())["children"]
        assert len(children) == 3
        assert set(embedded.running(tmp_path)) == {"postgres", "redis"}
        time.sleep(3)
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=90)[0]
        assert process.returncode == 0, output
        assert "stopping the rest" not in output
        assert [pid for pid in children if embedded._alive(pid)] == []
        assert embedded.running(tmp_path) == {}
        assert not state.exists()
    finally:
        if process.poll() is None:
            process.kill()
        for pid in children:
            if embedded._alive(pid):
                os.kill(pid, signal.SIGKILL)
        embedded.stop(tmp_path)
