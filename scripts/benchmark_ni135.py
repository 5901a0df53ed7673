"""Time the NI135 API with 1,000,000 assessments loaded.

Creates a throwaway database (BENCH_DATABASE_NAME, default "bench_ni135") on the server named
by DATABASE_URL, migrates it, bulk-loads carers and assessments with SQL generate_series, then
calls GET /api/v1/reporting/ni135/ through the Django test client as a commissioner: once cold
(a new database connection straight after loading) and several times warm. Prints timings and
query counts, and the plan of the slowest query. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/benchmark_ni135.py [--assessments 1000000] [--carers 200000]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_ni135")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

TEAMS = 6
URL = "/api/v1/reporting/ni135/?from=2026-04-01&to=2027-03-31"


def _default_sql(field: models.Field) -> str:
    """A value for a NOT NULL column the benchmark does not care about (Django sets no DB
    defaults), so the loader keeps working as other apps add fields."""
    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, models.DateTimeField):
        return "now()"
    if isinstance(field, models.DateField):
        return "current_date"
    if isinstance(field, models.JSONField):
        return "'[]'::jsonb"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "1" if field.name == "version" else "0"
    if isinstance(field, (models.CharField, models.TextField)):
        return "''"
    raise ValueError(f"No benchmark default for {field.model.__name__}.{field.name}")


def _insert_sql(model: type[models.Model], chosen: dict[str, str], source: str) -> str:
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        values.append(chosen[field.column] if field.column in chosen else _default_sql(field))
    table = model._meta.db_table
    return f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT {", ".join(values)} FROM {source}'  # noqa: E501, S608 - the benchmark's own fixed SQL


def load(*, carers: int, assessments: int):
    from assessments.models import Assessment
    from carers_portal.accounts.models import Team
    from carers_portal.accounts.roles import Role
    from carers_portal.accounts.services import user_create
    from reporting import rules, services
    from triage.models import Carer

    teams = [Team.objects.create(name=f"Bench team {n}") for n in range(TEAMS)]
    assessor = user_create(
        username="bench-assessor",
        password="bench-password-123",  # noqa: S106
        role=Role.ASSESSOR,
        teams=teams,
    )
    commissioner = user_create(
        username="bench-commissioner",
        password="bench-password-123",  # noqa: S106
        role=Role.COMMISSIONER,
    )
    first_team = teams[0].id
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Bulk load without the history triggers (pghistory): this is not user activity.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            _insert_sql(
                Carer,
                {
                    "first_name": "'Bench'",
                    "last_name": "'Carer ' || g",
                    # Ages 10 to 95 at the start of the 2026 financial year.
                    "date_of_birth": "date '1931-04-01' + ((g::bigint * 7919) % 31390)::integer",
                    "postcode": "'NR1 3QU'",
                    "preferred_contact": "'phone'",
                    "caring_hours": "(ARRAY['1_19','20_49','50_plus'])[1 + g % 3]",
                    "team_id": f"{first_team} + g % {TEAMS}",
                    "created_at": "timestamptz '2020-01-01'",
                    "updated_at": "timestamptz '2020-01-01'",
                },
                f"generate_series(1, {carers}) AS g",
            )
        )
        first_carer = Carer.objects.order_by("id").values_list("id", flat=True).first()
        # Four financial years (2023 to 2027), so a quarter of the rows fall in the year asked.
        cursor.execute(
            _insert_sql(
                Assessment,
                {
                    "carer_id": f"{first_carer} + (g::bigint * 104729) % {carers}",
                    "kind": "(ARRAY['separate','separate','joint','declined','review'])[1 + g % 5]",
                    "status": "CASE WHEN g % 20 = 0 THEN 'in_progress' ELSE 'completed' END",
                    "started_on": "date '2023-04-01' + (g % 1461)",
                    "completed_on": "CASE WHEN g % 20 = 0 THEN NULL "
                    "ELSE date '2023-04-01' + (g % 1461) END",
                    "team_id": f"{first_team} + (g / 7) % {TEAMS}",
                    "assessor_id": str(assessor.id),
                    "received_specific_service": "g % 3 = 0",
                    "received_information_advice": "g % 4 = 0",
                    "rules_outcome": "'not_determined'",
                    "eligibility_outcome": "'not_determined'",
                },
                f"generate_series(1, {assessments}) AS g",
            )
        )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
    year = rules.financial_year(2026)
    services.denominator_save(
        period_start=year.start, period_end=year.end, count=carers, by=commissioner
    )
    print(
        f"Loaded {carers:,} carers and {assessments:,} assessments "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return commissioner


def request(client: Client) -> tuple[float, int, dict]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(URL)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.content
    return elapsed, len(queries), response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--carers", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the main query's plan")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        commissioner = load(carers=args.carers, assessments=args.assessments)
        client = Client()
        client.force_login(commissioner)
        # Import Django's and DRF's request machinery first, so "cold" measures the database.
        client.get("/api/v1/")
        connection.close()  # cold: a fresh connection, nothing planned or cached in it
        cold, queries, body = request(client)
        warm = [request(client)[0] for _ in range(args.repeats)]
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
        print(
            f"\nGET {URL}\n"
            f"  numerator {body['numerator']:,}, denominator {body['denominator']:,}, "
            f"value {body['value']}%\n"
            f"  queries per request: {queries}\n"
            f"  cold: {cold:.0f} ms\n"
            f"  warm: median {statistics.median(warm):.0f} ms, "
            f"max {max(warm):.0f} ms over {args.repeats} requests"
        )
        for query in slowest:
            print(f"  {float(query['time']) * 1000:7.0f} ms  {query['sql'][:160]}")
        if args.explain:
            from reporting import rules, selectors

            sql, params = selectors.ni135_sql(
                period=rules.financial_year(2026), team_ids=None, choices=rules.CountingChoices()
            )
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '128MB'")
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                print("\n".join(row[0] for row in cursor.fetchall()))
        verdict = "PASS" if max([cold, *warm]) < 2000 else "FAIL"
        print(f"  target under 2,000 ms: {verdict}")
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
