"""Benchmark the service at county scale, beside a bare Django view in the same run.

Migrates the database named by DATABASE_URL and, when it has no carers, loads a county with
scripts/load_scale.py (--carers, default 1,000,000: 5,000,000 assessments). Then it runs the
nightly reporting job, serves the service with production settings under gunicorn (2 sync
workers) and a bare "ok" view under the same gunicorn settings, drives each page with wrk
(8 signed-in connections) and prints req/s, p50/p95/p99 and the ratio to the bare view, with
the machine's load and, on Linux, the CPU each request cost in the app's gunicorn processes
and in PostgreSQL's (from /proc). The NI135 API, the hand-written SQL count of its numerator and the monthly
return are timed one at a time.

    apt-get install -y wrk
    createdb carers_scale   # a database of its own: the benchmark fills it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carers_scale \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/benchmark_scale.py [--carers 1000000] [--duration 15]

Signed-in connections use sessions made directly for the scale data's staff (no password).
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# One secret for this script and the servers it starts, so the sessions it makes are valid.
os.environ.setdefault("SECRET_KEY", "benchmark-" + secrets.token_urlsafe(40))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.local")

APP_PORT, BARE_PORT = 8765, 8766
HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
# wrk prints the percentiles the script needs as one JSON line.
WRK_SCRIPT = """
local paths = {PATHS}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "status_errors": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def prepare(carers: int, *, nightly: bool) -> None:
    from django.core.management import call_command

    from triage.models import Carer

    call_command("migrate", verbosity=0)
    if not Carer.objects.exists():
        from scripts.scale_data import load

        print(f"Loading {carers:,} carers (about 17 minutes for 1,000,000 on 2 cores)...")
        load(carers=carers)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    from django.utils import timezone

    from reporting import services
    from reporting.models import MonthlyFigure

    if (
        nightly
        or not MonthlyFigure.objects.filter(month=timezone.localdate().replace(day=1)).exists()
    ):
        started = time.perf_counter()
        services.reporting_nightly()
        print(f"Nightly reporting job: {time.perf_counter() - started:.1f} s")


def session_cookie(username: str) -> str:
    """A signed-in session for a scale-data user, as the sign-in view would leave it."""
    from django.apps import apps
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from carers_portal.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["last_activity"] = int(time.time()) + 3600  # never idle during the run
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(user=user, name="benchmark")
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"


def targets() -> list[tuple[str, str, list[str]]]:
    """(label, username or "", paths) for each page."""
    from carers_portal import keyset
    from carers_portal.accounts.models import User
    from triage import selectors
    from triage.models import Carer

    worker = User.objects.get(username="scale.triage")
    queue = selectors.referral_queue(user=worker, filters=selectors.QueueFilters())
    depth = queue.order_by().count() * 4 // 5
    deep = queue.values_list(*selectors.QUEUE_KEYS)[depth]
    carers = list(
        Carer.objects.filter(team__in=worker.teams.all(), assessments__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()[:200:2]
    )
    return [
        ("Directory, anonymous", "", ["/directory/"]),
        ("Directory, signed in", "scale.triage", ["/directory/"]),
        ("Triage queue, first page", "scale.triage", ["/triage/queue/"]),
        (
            f"Queue, deep page (row {depth:,})",
            "scale.triage",
            [f"/triage/queue/?after={keyset._encode(deep)}"],
        ),
        ('Queue search "smith"', "scale.triage", ["/triage/queue/?q=smith"]),
        ("Carer record (100 carers)", "scale.triage", [f"/triage/carers/{pk}/" for pk in carers]),
        ('Staff search "smith"', "scale.triage", ["/triage/search/?q=smith"]),
        ("Caseload", "scale.assessor1", ["/triage/caseload/"]),
        ("Team worktray", "scale.triage", ["/triage/tray/"]),
        ("Commissioner dashboard", "scale.commissioner", ["/reporting/"]),
    ]


def serve(app: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carers_portal.settings.production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            fetch(port, "/", "")  # any answer means it is serving
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{app} did not start on port {port}")


def fetch(port: int, path: str, cookie: str) -> tuple[int, bytes, float]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}{path}", headers={**HEADERS, "Cookie": cookie}
    )
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            body = response.read()
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used, from /proc (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command name) of every process, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                comm, rest = (entry / "stat").read_text().rsplit(")", 1)
                found.append((int(entry.name), int(rest.split()[1]), comm.split("(", 1)[1]))
            except (OSError, IndexError, ValueError):
                continue
    return found


def cpu_snapshot(server: subprocess.Popen) -> dict[str, float] | None:
    """CPU seconds used so far by the app's gunicorn (master and workers) and by PostgreSQL's
    processes on this machine, so a page's cost splits into Django's and the database's."""
    if not Path("/proc/self/stat").exists():
        return None
    processes = _processes()
    app = [server.pid] + [pid for pid, parent, _name in processes if parent == server.pid]
    database = [pid for pid, _parent, name in processes if name.startswith("postgres")]
    return {
        "app": sum(_cpu_seconds(pid) for pid in app),
        "db": sum(_cpu_seconds(pid) for pid in database),
    }


def wrk(port: int, paths: list[str], cookie: str, *, duration: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT.replace("{PATHS}", json.dumps(paths).replace("[", "{").replace("]", "}"))
        )
    headers = [
        arg
        for name, value in {**HEADERS, "Cookie": cookie}.items()
        if value
        for arg in ("-H", f"{name}: {value}")
    ]
    result = subprocess.run(  # noqa: S603 - wrk with fixed arguments
        [
            shutil.which("wrk") or "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            *headers,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(script.name)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


# NI135's numerator written by hand from the carer events, for the default counting choices
# (no age limits, replacement care counted): carers assessed or reviewed in the year who had a
# carer's service, or information and advice, at some point in it.
HAND_NUMERATOR_SQL = """
SELECT count(DISTINCT a.carer_id) FROM reporting_carerevent a
WHERE a.withdrawn_at IS NULL AND a.event_type IN ('assessment', 'review')
  AND a.end_date BETWEEN %(start)s AND %(end)s
  AND CASE WHEN a.event_type = 'review' THEN 'review' ELSE a.assessment_kind END = ANY(%(kinds)s)
  AND a.assessment_kind <> 'declined'
  AND EXISTS (
    SELECT 1 FROM reporting_carerevent s
    WHERE s.carer_id = a.carer_id AND s.withdrawn_at IS NULL
      AND s.start_date <= %(end)s AND (s.end_date IS NULL OR s.end_date >= %(start)s)
      AND (s.event_type = 'service'
           OR (s.event_type IN ('request', 'assessment', 'review')
               AND (s.information_advice OR s.outcome = 'information_advice'))
           OR (s.event_type IN ('assessment', 'review') AND s.specific_service
               AND s.assessment_kind <> 'declined')))
"""


def time_reports(cookie: str) -> list[tuple[str, float]]:
    """NI135 for the last full financial year through the API, its numerator by hand in SQL,
    and the last month's return."""
    import datetime

    from django.db import connection

    from reporting import rules, selectors, services

    today = datetime.date.today()
    year = rules.financial_year(rules.financial_year_start(today) - 1)
    url = f"/api/v1/reporting/ni135/?from={year.start}&to={year.end}"
    timings = []
    for _ in range(3):
        status, body, seconds = fetch(APP_PORT, url, cookie)
        assert status == 200, (status, body[:300])
        timings.append(seconds)
    numerator = json.loads(body)["numerator"]
    kinds = selectors.counting_choices().counted_kinds()
    hand = []
    with connection.cursor() as cursor:
        for _ in range(3):
            started = time.perf_counter()
            cursor.execute(
                HAND_NUMERATOR_SQL, {"start": year.start, "end": year.end, "kinds": kinds}
            )
            assert cursor.fetchone()[0] == numerator, "the API and the hand count disagree"
            hand.append(time.perf_counter() - started)
    month = rules.previous_month(today)
    started = time.perf_counter()
    # As the nightly job makes it: the events were brought up to date just before.
    services.return_produce(period=month, refresh=False)
    monthly = time.perf_counter() - started
    return [
        (
            f"NI135 API, {year.start.year} to {year.end.year} (numerator {numerator:,})",
            statistics.median(timings),
        ),
        ("  the same numerator, hand-written SQL", statistics.median(hand)),
        (f"Monthly return, {month.start:%B %Y}", monthly),
    ]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carers", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages-only", action="store_true", help="skip the report timings")
    parser.add_argument(
        "--nightly", action="store_true", help="run the nightly job even if this month has figures"
    )
    args = parser.parse_args()

    import django

    django.setup()
    prepare(args.carers, nightly=args.nightly)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "carers_portal.settings.production",
            "ALLOWED_HOSTS": "127.0.0.1",
        },
    )
    pages = targets()
    cookies = {name: session_cookie(name) for _, name, _ in pages if name}
    cookies["scale.commissioner"] = cookies.get("scale.commissioner") or session_cookie(
        "scale.commissioner"
    )
    servers = [
        serve("carers_portal.wsgi:application", APP_PORT, args.workers),
        serve("scripts.bare_wsgi:application", BARE_PORT, args.workers),
    ]
    try:
        for label, name, paths in pages:
            status, body, _ = fetch(APP_PORT, paths[0], cookies.get(name, ""))
            assert status == 200, (label, status, body[:200])
        print(f"\nLoad average before: {load_average()}  ({os.cpu_count()} cores)")
        wrk_args = {"duration": args.duration, "connections": args.connections}
        bare = wrk(BARE_PORT, ["/"], "", **wrk_args)
        rows = [("Bare Django view", bare)]
        for label, name, paths in pages:
            before = cpu_snapshot(servers[0])
            figures = wrk(APP_PORT, paths, cookies.get(name, ""), **wrk_args)
            after = cpu_snapshot(servers[0])
            if before and after and figures["requests"]:
                for part in ("app", "db"):
                    figures[f"{part}_ms"] = (
                        (after[part] - before[part]) * 1000 / figures["requests"]
                    )
            rows.append((label, figures))
        bare_again = wrk(BARE_PORT, ["/"], "", **wrk_args)
        rows.append(("Bare Django view, again", bare_again))
        yardstick = (bare["rps"] + bare_again["rps"]) / 2
        print(
            f"\n{'Page':<36} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'ratio':>7} "
            f"{'errors':>7} {'CPU ms/request: Django':>23} {'PostgreSQL':>11}"
        )
        for label, f in rows:
            cpu = (
                f"{f['app_ms']:>23.1f} {f['db_ms']:>11.1f}"
                if "app_ms" in f
                else f"{'':>23} {'':>11}"
            )
            print(
                f"{label:<36} {f['rps']:>8.0f} {f['p50']:>8.1f} {f['p95']:>8.1f} {f['p99']:>8.1f} "
                f"{yardstick / f['rps']:>6.1f}x {f['errors'] + f['status_errors']:>7} {cpu}"
            )
        print(f"Load average after pages: {load_average()}")
        print()
        if args.pages_only:
            return
        for label, seconds in time_reports(cookies["scale.commissioner"]):
            print(f"{label:<60} {seconds:>7.2f} s")
        print(f"Load average at the end: {load_average()}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
