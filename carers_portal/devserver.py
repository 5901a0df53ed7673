"""Runs the whole service for development: web, one Celery worker and Celery beat.

    python -m carers_portal.devserver          (make run)
    python -m carers_portal.devserver --stop   (make stop)

With DATABASE_URL / CELERY_BROKER_URL unset it starts the embedded PostgreSQL and Redis
under var/ first. One Ctrl-C stops web, worker, beat and those embedded servers, and exits 0.
`--stop` does the same from another shell, for a terminal that was lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_SECONDS = 20


def _state_file() -> Path:
    from carers_portal import embedded

    return embedded.VAR_DIR / "devserver.json"


@contextlib.contextmanager
def _own_terminal_group():
    """Take the terminal's foreground, as a shell does for a job, so Ctrl-C reaches this
    process alone and not `make` above it (which would report the interrupt as an error).
    The children then get an orderly stop, in order, and `make run` exits 0."""
    tty = 0
    # Only a run started in the foreground of a terminal (not a test, not a pipe from CI).
    if not os.isatty(tty) or os.tcgetpgrp(tty) != os.getpgrp():
        yield
        return
    previous = os.tcgetpgrp(tty)
    old_ttou = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.setpgid(0, 0)
        os.tcsetpgrp(tty, os.getpgrp())
    except OSError:
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(tty, previous)
        signal.signal(signal.SIGTTOU, old_ttou)


def _commands(python: str, manage: list[str], address: str, var_dir: Path) -> dict:
    celery = [python, "-m", "celery", "-A", "carers_portal"]
    return {
        "web": [*manage, "runserver", address],
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [
            *celery,
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(var_dir / "celerybeat-schedule"),
        ],
    }


def _stop_children(processes: dict[str, subprocess.Popen]) -> None:
    # Web first (no new work arrives), then beat, then the worker, which finishes its task.
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            # acks_late: a task killed here is delivered again on the next start.
            process.kill()
            process.wait()


def run() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.local")
    sys.path.insert(0, str(BASE_DIR))
    from carers_portal import embedded

    embedded_servers = not (os.environ.get("DATABASE_URL") and os.environ.get("CELERY_BROKER_URL"))
    embedded.configure_environment()
    stopping = []
    processes: dict[str, subprocess.Popen] = {}

    def request_stop(signum, _frame):
        stopping.append(signum)

    # Ctrl-C, `make stop`, or the terminal closing: each stops everything in order.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, request_stop)
    state = _state_file()
    try:
        python = sys.executable
        manage = [python, str(BASE_DIR / "manage.py")]
        # In sessions of their own too: a Ctrl-C during start-up lets them finish, then stops.
        subprocess.run(
            [*manage, "migrate", "--no-input", "-v", "0"], check=True, start_new_session=True
        )
        marker = embedded.VAR_DIR / ".demo-seeded"
        if os.environ.get("SEED_DEMO", "1") == "1" and not marker.exists() and not stopping:
            subprocess.run([*manage, "seed_demo"], check=True, start_new_session=True)
            marker.touch()
        address = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
        for name, command in _commands(python, manage, address, embedded.VAR_DIR).items():
            if stopping:
                break
            # Own sessions: the terminal's Ctrl-C comes here only; they are stopped in order.
            processes[name] = subprocess.Popen(command, cwd=BASE_DIR, start_new_session=True)
        state.write_text(
            json.dumps(
                {
                    "devserver": os.getpid(),
                    "children": [p.pid for p in processes.values()],
                    "embedded": embedded_servers,
                }
            )
        )
        if not stopping:
            print(
                f"\nCarers Support Service is running at http://{address}/  (Ctrl-C stops everything)\n"
            )
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None and not stopping:
                    print(
                        f"The {name} process stopped (exit {process.returncode}); stopping the rest.",
                        flush=True,
                    )
                    stopping.append(name)
                    break
            time.sleep(0.5)
    except subprocess.CalledProcessError as error:
        print(f"Could not start: {error}", file=sys.stderr)
        stopping.append("failed")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop_children(processes)
        if embedded_servers:
            embedded.stop(embedded.VAR_DIR)
        state.unlink(missing_ok=True)
    # A signal (Ctrl-C, make stop) is the normal way to finish; a process that died is not.
    return 0 if stopping and isinstance(stopping[0], int) else 1


def _is_ours(pid: int) -> bool:
    # A recorded pid may since belong to another program; only ours are stopped.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"carers_portal" in command or b"manage.py" in command


def stop() -> int:
    """Stop a `make run` from another shell, and anything a killed one left behind."""
    from carers_portal import embedded

    state = _state_file()
    recorded = json.loads(state.read_text()) if state.exists() else {}
    devserver = recorded.get("devserver")
    if devserver and embedded._alive(devserver):
        embedded._stop_pid(devserver, signal.SIGTERM, timeout=STOP_SECONDS + 40)
    for pid in recorded.get("children", []):
        if embedded._alive(pid) and _is_ours(pid):
            embedded._stop_pid(pid, signal.SIGTERM, timeout=STOP_SECONDS)
    stopped = embedded.stop(embedded.VAR_DIR)
    state.unlink(missing_ok=True)
    print("Stopped." if devserver or stopped else "Nothing was running.")
    return 0


def main(argv: list[str]) -> int:
    if "--stop" in argv:
        return stop()
    with _own_terminal_group():
        return run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
