"""A realistic county of any size, loaded in set-based SQL: see scripts/load_scale.py."""

import datetime
import time

from django.db import connection, transaction

from scripts.scale_data.care import load_assessments, load_emergency_cards, load_plans
from scripts.scale_data.people import load_people, load_tasks
from scripts.scale_data.sql import YEARS, County

SCALE_PASSWORD_HASH = "!scale"  # noqa: S105 - unusable: benchmarks make sessions directly


def load(*, carers: int, today: datetime.date | None = None, log=print) -> dict:
    """Add a county of `carers` carers to an empty database. Returns the staff by username."""
    from carers_portal.accounts.models import Team
    from triage.models import Carer

    if Carer.objects.exists():
        raise SystemExit("The database already has carers: load scale data into an empty one.")
    today = today or datetime.date.today()
    started = time.perf_counter()
    team_count = max(4, min(40, carers // 25_000))
    with transaction.atomic():
        teams = Team.objects.bulk_create(
            Team(name=f"Locality team {n:02d}", area=f"District {n:02d}")
            for n in range(1, team_count + 1)
        )
        users = _staff(teams)
        county = County(
            carers=carers,
            team_ids=[t.id for t in teams],
            worker_ids=[users[f"scale.worker{n}"].id for n in range(1, team_count + 1)],
            assessor_ids=[users[f"scale.assessor{n}"].id for n in range(1, team_count + 1)],
            service_ids=_directory(),
            today=today,
            log=log,
            started=started,
        )
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        # Bulk load without the history and protect triggers: this is not user activity.
        cursor.execute("SET session_replication_role = replica")
        try:
            load_people(cursor, county)
            load_assessments(cursor, county)
            load_plans(cursor, county)
            load_emergency_cards(cursor, county)
            load_tasks(cursor, county)
        finally:
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("SET synchronous_commit = on")
        log(f"  analysing ({time.perf_counter() - started:.0f} s)")
        cursor.execute("ANALYZE")
    _denominators(today)
    log(f"Loaded {carers:,} carers in {time.perf_counter() - started:.0f} s")
    return users


def _staff(teams: list) -> dict:
    """Per team a triage worker and an assessor; the benchmark users across teams."""
    from carers_portal.accounts.models import User
    from carers_portal.accounts.roles import Role

    def user(username: str, role: str, first: str, last: str) -> User:
        return User(
            username=username,
            password=SCALE_PASSWORD_HASH,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@shireborough.example.gov.uk",
        )

    rows = []
    for number, _team in enumerate(teams, start=1):
        rows.append(user(f"scale.worker{number}", Role.TRIAGE_WORKER, "Worker", f"{number}"))
        rows.append(user(f"scale.assessor{number}", Role.ASSESSOR, "Assessor", f"{number}"))
    named = {
        "scale.triage": (Role.TRIAGE_WORKER, "Tia", "Scale"),
        "scale.assessor": (Role.ASSESSOR, "Sam", "Scale"),
        "scale.manager": (Role.TEAM_MANAGER, "Morgan", "Scale"),
        "scale.commissioner": (Role.COMMISSIONER, "Claire", "Scale"),
        "scale.admin": (Role.ADMINISTRATOR, "Alex", "Scale"),
    }
    rows += [user(name, *details) for name, details in named.items()]
    User.objects.bulk_create(rows)
    users = {u.username: u for u in User.objects.filter(username__startswith="scale.")}
    for number, team in enumerate(teams, start=1):
        team.members.add(users[f"scale.worker{number}"], users[f"scale.assessor{number}"])
    half = teams[: max(1, len(teams) // 2)]
    users["scale.triage"].teams.set(half)
    users["scale.assessor"].teams.set(teams[:1])
    users["scale.manager"].teams.set(teams[:2])
    return users


def _directory() -> list[str]:
    from services_directory.models import Organisation, Service

    organisation = Organisation.objects.create(
        name="Shireborough Carers Trust (scale data)", description="Commissioned provider"
    )
    names = [
        "Carers' breaks",
        "Sitting service",
        "Carers' counselling",
        "Back-care and moving advice",
        "Emergency replacement care",
        "Young carers' club",
        "Carers' wellbeing grant",
        "Peer support group",
    ]
    services = Service.objects.bulk_create(
        Service(organisation=organisation, name=name, description=f"{name} for carers")
        for name in names
    )
    return [str(service.id) for service in services]


def _denominators(today: datetime.date) -> None:
    """Community-services denominators for the five financial years, as commissioners enter."""
    from reporting import rules
    from reporting.models import CommunityServicesDenominator
    from triage.models import Carer

    count = Carer.objects.count()
    start = today.year - (1 if today.month < 4 else 0)
    for year in range(start - YEARS + 1, start + 1):
        period = rules.financial_year(year)
        CommunityServicesDenominator.objects.get_or_create(
            period_start=period.start, period_end=period.end, defaults={"count": count}
        )
