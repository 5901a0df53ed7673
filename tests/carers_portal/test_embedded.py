"""The embedded engines a fresh machine runs on when no DATABASE_URL / CELERY_BROKER_URL is set."""

import os
import signal
from pathlib import Path

import dj_database_url
import psycopg2
import redis

from carers_portal import embedded


def test_embedded_postgres_starts_and_serves_a_carers_portal_database(tmp_path: Path):
    url = embedded.postgres_url(var_dir=tmp_path)
    import pgserver

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
        pgserver.get_server(str(tmp_path / "postgres"), cleanup_mode="stop").cleanup()


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
        pid = int((tmp_path / "redis" / "redis.pid").read_text())
        os.kill(pid, signal.SIGTERM)
