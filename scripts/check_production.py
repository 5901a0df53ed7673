"""The production path end to end, as CI runs it after scripts/build-static:

    python scripts/check_production.py

Creates a throwaway database on the PostgreSQL server named by DATABASE_URL, migrates it on
production settings, starts gunicorn on production settings on a free loopback port, and
checks that the sign-in page is served and links a hashed static file that is served too.
Everything it starts or creates is removed again, whatever happens. Exit 0 means it all held.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("PRODUCTION_CHECK_DATABASE", "carers_production_check")
HOST = "carers.example.gov.uk"


def _admin_connection(config: dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    # The service sits behind a TLS proxy in production; this is the header that proxy sets.
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback http only)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main() -> int:
    if not os.environ.get("DATABASE_URL"):
        sys.path.insert(0, str(ROOT))
        from carers_portal import embedded

        embedded.configure_environment()
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{DATABASE}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carers_portal.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": HOST,
        "LOG_FORMAT": "json",
    }
    admin = _admin_connection(config)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    gunicorn = None
    try:
        print("== migrate on production settings", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = _free_port()
        print(f"== gunicorn on production settings, 127.0.0.1:{port}", flush=True)
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "carers_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"{base}/accounts/sign-in/")
                break
            except OSError:
                if gunicorn.poll() is not None or time.monotonic() > deadline:
                    print("gunicorn did not start", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        page = body.decode()
        if status != 200 or "Sign in" not in page:
            print(f"The sign-in page answered {status}:\n{page[:2000]}", file=sys.stderr)
            return 1
        print("sign-in page: 200")
        hashed = re.search(r'href="(/static/build/app\.[0-9a-f]{12}\.css)"', page)
        if hashed is None:
            print("The sign-in page links no hashed stylesheet", file=sys.stderr)
            return 1
        status, css = _get(base + hashed.group(1))
        if status != 200 or b"govuk" not in css:
            print(f"{hashed.group(1)} answered {status}", file=sys.stderr)
            return 1
        print(f"{hashed.group(1)}: 200, {len(css)} bytes")
        status, _ = _get(f"{base}/healthz")
        if status != 200:
            print(f"/healthz answered {status}", file=sys.stderr)
            return 1
        print("/healthz: 200")
        return 0
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    sys.exit(main())
