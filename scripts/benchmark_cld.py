"""Time the quarterly CLD return over 1,000,000 carers and 5,000,000 carer events.

Creates a throwaway database (BENCH_DATABASE_NAME, default "bench_cld") on the server named by
DATABASE_URL, migrates it, loads carers and reporting's carer events directly with SQL
generate_series (four financial years, 2023 to 2027: requests, assessments, reviews and
services with the codes the event derivation writes), then times producing the CLD return
for a quarter (extract, validation and storage) twice: the second run must give the same
file. Prints rows, timings and the validation summary. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/benchmark_cld.py [--carers 1000000] [--events 5000000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_cld")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from scripts.benchmark_ni135 import _insert_sql  # noqa: E402

TEAMS = 6


def load(*, carers: int, events: int) -> None:
    from carers_portal.accounts.models import Team
    from reporting.models import CarerEvent
    from triage.models import Carer

    teams = [Team.objects.create(name=f"Bench team {n}") for n in range(TEAMS)]
    first_team = teams[0].id
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            _insert_sql(
                Carer,
                {
                    "first_name": "'Bench'",
                    "last_name": "'Carer ' || g",
                    "date_of_birth": "date '1931-04-01' + ((g::bigint * 7919) % 31390)::integer",
                    "postcode": "'NR1 3QU'",
                    "preferred_contact": "'phone'",
                    "ethnicity": "(ARRAY['white','mixed','asian','black','other'])[1 + g % 5]",
                    "caring_hours": "(ARRAY['1_19','20_49','50_plus'])[1 + g % 3]",
                    "team_id": f"{first_team} + g % {TEAMS}",
                    "created_at": "timestamptz '2020-01-01'",
                    "updated_at": "timestamptz '2020-01-01'",
                },
                f"generate_series(1, {carers}) AS g",
            )
        )
        first_carer = Carer.objects.order_by("id").values_list("id", flat=True).first()
        kind = (
            "(ARRAY['request','request','request','assessment','assessment','assessment',"
            "'review','service','service','service'])[1 + g % 10]"
        )
        start = "date '2023-04-01' + (g % 1461)"
        cursor.execute(
            _insert_sql(
                CarerEvent,
                {
                    "key": "'bench:' || g",
                    "carer_id": f"{first_carer} + (g::bigint * 104729) % {carers}",
                    "team_id": f"{first_team} + g % {TEAMS}",
                    "event_type": kind,
                    "start_date": start,
                    # Services run a year (a fifth are ongoing); the rest end within 4 weeks.
                    "end_date": f"CASE WHEN {kind} = 'service' THEN CASE WHEN g % 5 = 0 THEN "
                    f"NULL ELSE {start} + 365 END ELSE {start} + (g % 28) END",
                    "outcome": f"CASE {kind} WHEN 'request' THEN (ARRAY['progress_to_assessment',"
                    "'information_advice','support_declined'])[1 + g % 3] WHEN 'service' THEN "
                    "'provision_of_service' ELSE (ARRAY['progress_to_support_planning',"
                    "'information_advice','no_services_offered','continuation'])[1 + g % 4] END",
                    "route_of_access": f"CASE WHEN {kind} = 'request' THEN "
                    "(ARRAY['self','gp_practice','hospital_discharge'])[1 + g % 3] ELSE '' END",
                    "assessment_kind": f"CASE WHEN {kind} = 'assessment' THEN "
                    "(ARRAY['separate','joint','declined'])[1 + g % 3] ELSE '' END",
                    "assessment_type": f"CASE WHEN {kind} = 'assessment' THEN 'long_term' "
                    "ELSE '' END",
                    "review_reason": f"CASE WHEN {kind} = 'review' THEN 'planned' ELSE '' END",
                    "method_of_review": f"CASE WHEN {kind} = 'review' THEN 'carer_only' "
                    "ELSE '' END",
                    "service_type": f"CASE WHEN {kind} = 'service' THEN (ARRAY["
                    "'direct_to_carer','direct_to_carer','involving_cared_for'])[1 + g % 3] "
                    "ELSE '' END",
                    "delivery_mechanism": f"CASE WHEN {kind} = 'service' THEN (ARRAY["
                    "'direct_payment','managed_personal_budget','commissioned'])[1 + g % 3] "
                    "ELSE '' END",
                    "service_component": f"CASE WHEN {kind} = 'service' THEN 'carer_support' "
                    "ELSE '' END",
                    "unit_cost": f"CASE WHEN {kind} = 'service' THEN 25.50 END",
                    "cost_frequency": f"CASE WHEN {kind} = 'service' THEN 'weekly' ELSE '' END",
                    "planned_units_per_week": f"CASE WHEN {kind} = 'service' THEN 1.00 END",
                    "derived_at": "now()",
                },
                f"generate_series(1, {events}) AS g",
            )
        )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
    print(
        f"Loaded {carers:,} carers and {events:,} events in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carers", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--quarter", default="2026-Q2")
    parser.add_argument(
        "--keep", action="store_true", help="keep the loaded database for another run"
    )
    args = parser.parse_args()

    from reporting import cld_rules
    from reporting.services.cld import cld_return_produce

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.keep, serialize=False
    )
    try:
        from reporting.models import CarerEvent

        if not CarerEvent.objects.exists():
            load(carers=args.carers, events=args.events)
        quarter = cld_rules.parse_quarter(args.quarter)
        for attempt in ("first", "re-run"):
            started = time.perf_counter()
            run = cld_return_produce(quarter=quarter)
            elapsed = time.perf_counter() - started
            validation = run.figures["validation"]
            print(
                f"{attempt}: {run.figures['rows']:,} rows ({run.figures['release']}) in "
                f"{elapsed:.1f} s; CSV {len(bytes(run.csv_content)) / 1e6:.1f} MB gzipped, "
                f"sha256 {run.csv_sha256[:12]}, revision {run.revision}; "
                f"validation {validation['status']}: {validation['errors']:,} errors, "
                f"{validation['warnings']:,} warnings",
                flush=True,
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
