"""Time the triage queue, the team worktray and staff search with 100,000 carers loaded.

Creates a throwaway database (BENCH_DATABASE_NAME, default "bench_triage") on the server
named by DATABASE_URL, bulk-loads carers and referrals across four teams, then requests
the queue's first page and a deep page through the Django test client as a triage worker
in two of the teams, and prints the timings and query counts. The database is dropped
at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/benchmark_triage_queue.py [--rows 100000]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.test")
os.environ.setdefault("TEST_DATABASE_NAME", os.environ.get("BENCH_DATABASE_NAME", "bench_triage"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

BATCH = 5000
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies"]
FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Morgan", "Jamie", "Robin", "Kim", "Lee"]
POSTCODES = ["NR1 3QU", "NR2 4SE", "LS6 2AB", "LS1 4AP", "IP1 1AA", "PE1 1AB"]


def load(rows: int):
    from carers_portal.accounts.models import Team
    from carers_portal.accounts.roles import Role
    from carers_portal.accounts.services import user_create
    from triage import rules
    from triage.models import Carer, Referral, Task
    from triage.selectors import clock_settings
    from triage.services import referral_reference_new

    config = clock_settings()

    rng = random.Random(2026)  # noqa: S311 - benchmark data, not secrets
    teams = [Team.objects.create(name=f"Bench team {n}") for n in range(4)]
    worker = user_create(
        username="bench-worker",
        password="bench-password-123",  # noqa: S106
        role=Role.TRIAGE_WORKER,
        teams=teams[:2],
    )
    now = timezone.now()
    references: set[str] = set()
    started = time.perf_counter()
    for offset in range(0, rows, BATCH):
        size = min(BATCH, rows - offset)
        carers = Carer.objects.bulk_create(
            Carer(
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(SURNAMES)}{(offset + i) % 997}",
                date_of_birth=datetime.date(1940, 1, 1)
                + datetime.timedelta(days=rng.randrange(25000)),
                postcode=rng.choice(POSTCODES),
                preferred_contact="phone",
                caring_hours=rng.choice(["1_19", "20_49", "50_plus"]),
                team=teams[(offset + i) % 4],
            )
            for i in range(size)
        )
        referral_rows = []
        for i, carer in enumerate(carers):
            reference = referral_reference_new()
            while reference in references:
                reference = referral_reference_new()
            references.add(reference)
            status = rng.choice(["awaiting_triage", "triaged", "assigned", "closed"])
            urgent = rng.random() < 0.1
            received_at = now - datetime.timedelta(minutes=offset + i)
            position = rules.queue_position(
                status=status,
                urgent_at_intake=urgent,
                priority=None if status == "awaiting_triage" else "standard",
                proposed_priority=None,
                pathway=None if status == "awaiting_triage" else "carers_assessment",
                received_on=received_at.date(),
                assessment_started=False,
                config=config,
            )
            referral_rows.append(
                Referral(
                    reference=reference,
                    carer=carer if status != "awaiting_triage" else None,
                    first_name=carer.first_name,
                    last_name=carer.last_name,
                    date_of_birth=carer.date_of_birth,
                    postcode=carer.postcode,
                    preferred_contact="phone",
                    caring_hours=carer.caring_hours,
                    cared_for_first_name="Pat",
                    cared_for_last_name=carer.last_name,
                    cared_for_relationship="parent",
                    cared_for_support_reason="dementia",
                    reason="Benchmark",
                    consent=True,
                    source=rng.choice(["self", "gp_practice", "hospital_discharge"]),
                    status=status,
                    priority=None if status == "awaiting_triage" else "standard",
                    pathway=None if status == "awaiting_triage" else "carers_assessment",
                    team=carer.team,
                    assigned_to=worker if status == "assigned" else None,
                    received_at=received_at,
                    urgent_at_intake=urgent,
                    queue_rank=position.rank,
                    clock_due_on=None if status == "closed" else position.due_on,
                )
            )
        Referral.objects.bulk_create(referral_rows)
        # Each open referral has its task on the team's worktray, as triage would leave it.
        Task.objects.bulk_create(
            Task(
                kind="triage_referral" if r.status == "awaiting_triage" else "start_assessment",
                title=f"Work on referral {r.reference}",
                team_id=r.team_id,
                carer_id=r.carer_id,
                referral=r,
                assigned_to=r.assigned_to,
                due_on=r.clock_due_on,
            )
            for r in referral_rows
            if r.status != "closed"
        )
        print(f"  loaded {offset + size:,} carers and referrals", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Load took {time.perf_counter() - started:.1f} s")
    return worker


def timed(client: Client, url: str, repeats: int = 5) -> tuple[float, float, int, int]:
    client.get(url)  # warm caches and the connection
    timings = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), max(timings), len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and reuse it on the next run"
    )
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        from carers_portal.accounts.models import User

        worker = User.objects.filter(username="bench-worker").first() or load(args.rows)
        client = Client()
        client.force_login(worker)
        # Staff pages need the second factor: the session is marked verified, as after a code.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(user=worker, name="benchmark")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        from triage.models import Referral
        from triage.selectors import QUEUE_KEYS, QueueFilters, referral_queue

        visible = referral_queue(user=worker, filters=QueueFilters()).count()
        pages = (visible + 24) // 25
        deep = max(1, pages * 4 // 5)
        from carers_portal import keyset

        queue = referral_queue(user=worker, filters=QueueFilters())
        cursor = keyset._encode(queue.values_list(*QUEUE_KEYS)[(deep - 1) * 25])
        print(
            f"\n{args.rows:,} carers and referrals; {visible:,} open referrals in the worker's queue"
        )
        print(f"{'page':<46} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        some = Referral.objects.filter(team__in=worker.teams.all()).first()
        for label, url in [
            ("queue, first page", "/triage/queue/"),
            (f"queue, deep page ({deep} of {pages})", f"/triage/queue/?after={cursor}"),
            ("queue, overdue only", "/triage/queue/?overdue=on"),
            ("queue, search by surname", "/triage/queue/?q=smith12"),
            ("queue, search by reference", f"/triage/queue/?q={some.reference}"),
            ("caseload, first page", "/triage/caseload/"),
            ("worktray, first page", "/triage/tray/"),
            (f"worktray, deep page ({deep} of about {pages})", f"/triage/tray/?page={deep}"),
            ("worktray, overdue only", "/triage/tray/?overdue=on"),
            ("home page counts", "/home/triage-worker/"),
            ("search, surname", "/triage/search/?q=smith12"),
            ("search, name and date of birth", "/triage/search/?q=jo+smith12+1+1+1960"),
            ("search, postcode", "/triage/search/?q=NR2+4SE"),
            ("search, reference", f"/triage/search/?q={some.reference}"),
            ("carers register, first page", "/triage/carers/"),
        ]:
            median, worst, queries, _size = timed(client, url)
            print(f"{label:<46} {median:>10.1f} {worst:>8.1f} {queries:>8}")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
