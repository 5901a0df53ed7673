"""Runs the whole service for development: web, one Celery worker and Celery beat.

    python -m carers_portal.devserver

With DATABASE_URL / CELERY_BROKER_URL unset it starts the embedded PostgreSQL and Redis
under var/ first. Ctrl-C stops every process it started.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.local")
    sys.path.insert(0, str(BASE_DIR))
    from carers_portal import embedded

    embedded.configure_environment()
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input"], check=True)
    marker = embedded.VAR_DIR / ".demo-seeded"
    if os.environ.get("SEED_DEMO", "1") == "1" and not marker.exists():
        subprocess.run([*manage, "seed_demo"], check=True)
        marker.touch()

    address = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
    commands = {
        "web": [*manage, "runserver", address],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "carers_portal",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "carers_portal",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(embedded.VAR_DIR / "celerybeat-schedule"),
        ],
    }
    processes = {
        name: subprocess.Popen(command, cwd=BASE_DIR) for name, command in commands.items()
    }
    print(f"\nCarers Support Service is running at http://{address}/  (Ctrl-C stops everything)\n")

    def stop(*_):
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(
                        f"The {name} process stopped (exit {process.returncode}); stopping the rest."
                    )
                    stop()
                    return process.returncode or 1
            time.sleep(1)
    except KeyboardInterrupt:
        stop()
        return 0


if __name__ == "__main__":
    sys.exit(main())
