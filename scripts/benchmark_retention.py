"""Measure the nightly retention listing over a county's worth of carers.

Creates a throwaway database (BENCH_DATABASE_NAME, default "bench_retention") on the server
named by DATABASE_URL, migrates it, and loads with SQL generate_series: carers whose last
change reaches back twelve years (most recent, a tail past the eight-year period), a referral
each (a quarter still open; some closed with no carer), two assessments each, a support plan
for one in eight, an emergency plan for one in ten, open tasks, case notes and access events,
with some carers' records touched more recently than the carer row itself. Then it runs the
retention listing's queries (`governance.retention.due_now`) cold and warm, prints their plans
(EXPLAIN ANALYZE, BUFFERS) and says which indexes each plan used. The database is dropped at
the end unless --keep is given (a kept database is reused, migrated, by the next run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_DATABASE_NAME=bench_h17 \\
        .venv/bin/python scripts/benchmark_retention.py [--carers 1000000] [--keep]

Note the machine's load (`uptime`) with the figures: the machine is shared.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_retention")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from scripts.scale_data.sql import h, insert  # noqa: E402

TEAMS = 40


def age_days(carer_row: str = "g") -> str:
    """Days before today of carer number `carer_row`'s last change: squared, so most carers are
    recent and about one in six (18%) is past the eight-year period."""
    return f"floor(4380 * power({h(1, 1_000_000, carer_row)} / 1e6, 2))::int"


def child_age(carer_row: str) -> str:
    """A record of the carer's is as old as the carer row, or (one in five) touched up to two
    years later, so the carer's own date alone would list the carer too early."""
    return (
        f"greatest(0, {age_days(carer_row)} - CASE WHEN {h(2, 5)} = 0 THEN {h(3, 730)} ELSE 0 END)"
    )


def _ago(days_sql: str) -> str:
    return f"(now() - ({days_sql}) * interval '1 day')"


def load(carers: int) -> dict[str, int]:
    from assessments.models import Assessment
    from carers_portal.accounts.models import AccessEvent, Team
    from carers_portal.accounts.roles import Role
    from carers_portal.accounts.services import user_create
    from emergency_cards.models import EmergencyPlan
    from support_plans.models import SupportPlan
    from triage.case_notes import CaseNote
    from triage.models import CaredForPerson, Carer, Referral, Task

    teams = [Team.objects.create(name=f"Bench team {n}") for n in range(TEAMS)]
    worker = user_create(username="bench-worker", password=None, role=Role.ASSESSOR, teams=teams)
    first_team, staff = teams[0].id, worker.id
    counts = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Bulk load without history or foreign-key triggers: this is not anyone's activity.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM triage_carer")
        first = cursor.fetchone()[0]
        counts["carers"] = insert(
            cursor,
            Carer,
            {
                "id": f"{first} + g - 1",
                "first_name": "'Bench'",
                "last_name": "'Carer ' || g",
                "date_of_birth": "date '1950-01-01' + (g % 20000)",
                "postcode": "'NR1 3QU'",
                "preferred_contact": "'phone'",
                "caring_hours": "'20_49'",
                "team_id": f"{first_team} + g % {TEAMS}",
                "created_at": _ago(f"{age_days()} + 30"),
                "updated_at": _ago(age_days()),
            },
            f"generate_series(1, {carers}) AS g",
        )
        cursor.execute(f"SELECT setval('triage_carer_id_seq', {first + carers})")
        counts["cared-for people"] = insert(
            cursor,
            CaredForPerson,
            {
                "first_name": "'Cared'",
                "last_name": "'For ' || g",
                "primary_support_reason": "'frailty'",
                "created_at": "now()",
            },
            f"generate_series(1, {carers // 10}) AS g",
        )
        cursor.execute("SELECT min(id) FROM triage_caredforperson")
        first_cared_for = cursor.fetchone()[0]
        carer = f"({first} + g - 1)"
        # Each table's rows belong to a carer row number ("row"), their dates follow it.
        age = child_age("g")
        referral_status = (
            f"(CASE WHEN {h(4, 4)} = 0 THEN (ARRAY['awaiting_triage','triaged','assigned'])"
            f"[1 + {h(5, 3)}] ELSE 'closed' END)"
        )
        counts["referrals"] = insert(
            cursor,
            Referral,
            {
                "reference": "'B' || lpad(g::text, 9, '0')",
                # One in twenty closed referrals never became a carer record.
                "carer_id": f"CASE WHEN {h(6, 20)} = 0 THEN NULL ELSE {carer} END",
                "first_name": "'Bench'",
                "last_name": "'Referral'",
                "date_of_birth": "date '1960-01-01'",
                "postcode": "'NR1 3QU'",
                "preferred_contact": "'phone'",
                "caring_hours": "'20_49'",
                "status": referral_status,
                "team_id": f"{first_team} + g % {TEAMS}",
                "received_at": _ago(f"{age} + 60"),
                "updated_at": _ago(age),
                "closed_at": f"CASE WHEN {referral_status} = 'closed' THEN {_ago(age)} END",
                "consent": "true",
            },
            f"generate_series(1, {carers}) AS g",
        )
        row = f"((g - 1) % {carers} + 1)"
        age = child_age(row)
        counts["assessments"] = insert(
            cursor,
            Assessment,
            {
                "carer_id": f"{first} + {row} - 1",
                "team_id": f"{first_team} + g % {TEAMS}",
                "assessor_id": str(staff),
                "kind": "'separate'",
                "status": f"CASE WHEN {h(7, 25)} = 0 THEN 'in_progress' ELSE 'completed' END",
                "started_on": f"({_ago(age)})::date",
                "completed_on": f"CASE WHEN {h(7, 25)} = 0 THEN NULL ELSE ({_ago(age)})::date END",
                "rules_outcome": "'not_determined'",
                "eligibility_outcome": "'not_determined'",
                "updated_at": _ago(age),
            },
            f"generate_series(1, {carers * 2}) AS g",
        )
        cursor.execute("SELECT min(id) FROM assessments_assessment")
        first_assessment = cursor.fetchone()[0]
        row = f"(((g - 1) * 8) % {carers} + 1)"
        age = child_age(row)
        counts["support plans"] = insert(
            cursor,
            SupportPlan,
            {
                "assessment_id": f"{first_assessment} + (g - 1) * 8",
                "carer_id": f"{first} + {row} - 1",
                "team_id": str(first_team),
                "status": f"(ARRAY['active','closed','closed','closed'])[1 + {h(8, 4)}]",
                "starts_on": f"({_ago(age)})::date",
                "created_by_id": str(staff),
                "updated_at": _ago(age),
            },
            f"generate_series(1, {carers // 8}) AS g",
        )
        row = "((g - 1) * 10 + 1)"
        age = child_age(row)
        counts["emergency plans"] = insert(
            cursor,
            EmergencyPlan,
            {
                "carer_id": f"{first} + {row} - 1",
                "cared_for_id": f"{first_cared_for} + g - 1",
                "status": f"(ARRAY['active','closed'])[1 + {h(9, 2)}]",
                "needs": "'Bench needs'",
                "registered_by_id": str(staff),
                "created_at": _ago(age),
                "updated_at": _ago(age),
            },
            f"generate_series(1, {carers // 10}) AS g",
        )
        counts["open tasks"] = insert(
            cursor,
            Task,
            {
                "kind": "'other'",
                "title": "'Bench task'",
                "carer_id": f"{first} + (g - 1) * 20",
                "team_id": str(first_team),
                "status": "'open'",
                "due_on": "current_date",
                "created_at": "now()",
            },
            f"generate_series(1, {carers // 20}) AS g",
        )
        row = f"(((g - 1) * 3) % {carers} + 1)"
        age = child_age(row)
        counts["case notes"] = insert(
            cursor,
            CaseNote,
            {
                "carer_id": f"{first} + {row} - 1",
                "kind": "'phone_call'",
                "occurred_on": f"({_ago(age)})::date",
                "text": "'Bench note'",
                "author_id": str(staff),
                "created_at": _ago(age),
            },
            f"generate_series(1, {carers // 3}) AS g",
        )
        age = child_age("g")
        counts["access events"] = insert(
            cursor,
            AccessEvent,
            {
                "user_id": str(staff),
                "role": "'assessor'",
                "action": "'view'",
                "object_type": "'Carer'",
                "object_id": f"({carer})::text",
                "carer_id": carer,
                "occurred_at": _ago(age),
            },
            f"generate_series(1, {carers}) AS g",
        )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by the nightly run
    print(f"Loaded in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
    return counts


def grouped_carers_due(as_of: datetime.date):
    """The carers query as it was before governance migration 0004, for comparison: every
    carer's records joined and grouped to find their latest change (and no case notes)."""
    from django.db.models import Exists, Max, OuterRef, Q
    from django.db.models.functions import Coalesce, Greatest

    from assessments.models import Assessment
    from emergency_cards.models import EmergencyPlan
    from governance import retention
    from support_plans.models import SupportPlan
    from triage.models import Carer, Referral, Task

    open_work = Q()
    for records in (
        Referral.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
        Task.objects.filter(carer=OuterRef("pk"), status="open"),
        Assessment.objects.filter(carer=OuterRef("pk")).exclude(status="completed"),
        SupportPlan.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
        EmergencyPlan.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
    ):
        open_work |= Q(Exists(records))
    last = Greatest(
        "updated_at",
        Coalesce(Max("referrals__updated_at"), "updated_at"),
        Coalesce(Max("assessments__updated_at"), "updated_at"),
        Coalesce(Max("support_plans__updated_at"), "updated_at"),
        Coalesce(Max("emergency_plans__updated_at"), "updated_at"),
    )
    return (
        Carer.objects.exclude(open_work)
        .annotate(last_involved=last)
        .filter(last_involved__lt=retention._cutoff("carer", as_of))
    )


def _timed_count(queryset) -> tuple[float, int]:
    sql, params = queryset.values_list("pk", flat=True).query.sql_with_params()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS due", params)  # noqa: S608 - the ORM's SQL
        count = cursor.fetchone()[0]
    return (time.perf_counter() - started) * 1000, count


def _load() -> str:
    """As `uptime` prints it: the 1, 5 and 15 minute load averages."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def explain(sql: str, params) -> list[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _indexes(plan: list[str]) -> list[str]:
    used = set()
    for line in plan:
        used.update(re.findall(r"(?:Index|Index Only) Scan(?: Backward)? using (\S+)", line))
        used.update(re.findall(r"Bitmap Index Scan on (\S+)", line))
    return sorted(used)


def _seq_scans(plan: list[str]) -> list[str]:
    return sorted({m for line in plan for m in re.findall(r"Seq Scan on (\S+)", line)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carers", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep (and next time reuse) the DB")
    parser.add_argument(
        "--as-of", type=datetime.date.fromisoformat, help="list as on this day (default today)"
    )
    parser.add_argument(
        "--grouped", action="store_true", help="also time the carers query as it was (slow)"
    )
    args = parser.parse_args()

    from governance import retention
    from triage.models import Carer

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(
        verbosity=0, autoclobber=not args.keep, keepdb=args.keep, serialize=False
    )
    try:
        if not Carer.objects.exists():
            load(args.carers)
        print(f"Load average before: {_load()}", flush=True)
        as_of = args.as_of or datetime.date.today()
        connection.close()  # cold: a fresh connection, nothing planned or cached in it
        timings, due_count = [], 0
        for _ in range(1 + args.repeats):
            elapsed, due_count = _timed_count(retention.carers_due(as_of))
            timings.append(elapsed)
        carers_sql, carers_params = (
            retention.carers_due(as_of).values_list("pk", flat=True).query.sql_with_params()
        )
        if args.grouped:
            elapsed, count = _timed_count(grouped_carers_due(as_of))
            print(f"Grouped carers query (before 0004): {elapsed:,.0f} ms, {count:,} carers due")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            due, held = retention.due_now(as_of)
        whole = time.perf_counter() - started
        plan = explain(carers_sql, carers_params)
        print(
            f"Listing as of {as_of}. Carers due (of {Carer.objects.count():,}): {due_count:,}\n"
            f"  carers_due: cold {timings[0]:.0f} ms, warm median "
            f"{statistics.median(timings[1:]):.0f} ms over {args.repeats}\n"
            f"  due_now (every record class, ids fetched): {whole:.1f} s; "
            + ", ".join(f"{name} {len(ids):,}" for name, ids in due.items())
            + f"\n  indexes used: {', '.join(_indexes(plan)) or 'none'}"
            + f"\n  sequential scans: {', '.join(_seq_scans(plan)) or 'none'}\n"
        )
        for query in queries.captured_queries:
            table = re.search(r'FROM "(\w+)"', query["sql"])
            print(f"  {float(query['time']) * 1000:7.0f} ms  {table.group(1) if table else '?'}")
        print()
        print("\n".join(plan))
        print(f"\nLoad average after: {_load()}")
    finally:
        connection.close()
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
