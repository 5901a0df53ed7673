"""SQL building blocks for the scale data: deterministic pseudo-random values per row."""

import dataclasses
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

# fmt: off
FIRST_NAMES = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Lily", "Emily", "Sophie", "Ella", "Ruby", "Chloe", "Evie", "Poppy", "Jessica", "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Oscar", "Charlie", "Jacob", "Thomas", "James", "William", "Henry", "Alfie", "Joshua", "Mohammed", "Muhammad", "Priya", "Aisha", "Fatima", "Wei", "Jan", "Anna", "Kofi"]  # noqa: SIM905 - a list of words reads better as words
# Common English surnames, most frequent first; the loader picks early ones more often.
SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton"]  # noqa: SIM905
# fmt: on
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # inward-code letters used in real postcodes
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # as triage.services
YEARS = 5


def h(salt: int, modulo: int, row: str = "g") -> str:
    """A deterministic pseudo-random integer in [0, modulo) for each row."""
    return f"(abs(hashint8({row}::bigint * 7919 + {salt})) % {modulo})"


def pick(values: list[str], salt: int, *, skew: bool = False, row: str = "g") -> str:
    array = "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"
    if skew:  # roughly Zipf: the first values are picked far more often
        index = f"floor({len(values)} * power({h(salt, 1_000_000, row)} / 1e6, 1.5))::int"
        return f"({array})[1 + {index}]"
    return f"({array})[1 + {h(salt, len(values), row)}]"


def weighted(choices: list[tuple[str, int]], salt: int, row: str = "g") -> str:
    """CASE over cumulative percentages: [("a", 60), ("b", 40)]."""
    total = sum(weight for _, weight in choices)
    roll = h(salt, total, row)
    parts, upto = [], 0
    for value, weight in choices[:-1]:
        upto += weight
        parts.append(f"WHEN {roll} < {upto} THEN {value}")
    return f"(CASE {' '.join(parts)} ELSE {choices[-1][0]} END)"


def default_sql(field: models.Field) -> str:
    """A value for a column the loader does not choose (Django sets no database defaults), so
    the loader keeps working as apps add fields."""
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
    if field.get_internal_type() == "ArrayField":
        return "'{}'"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "1" if field.name == "version" else "0"
    if isinstance(field, (models.CharField, models.TextField)):
        return "''"
    raise ValueError(f"No scale-data default for {field.model.__name__}.{field.name}")


def insert(cursor, model: type[models.Model], chosen: dict[str, str], source: str) -> int:
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in chosen:
            continue
        columns.append(f'"{field.column}"')
        values.append(chosen.pop(field.column) if field.column in chosen else default_sql(field))
    if chosen:
        raise ValueError(f"Unknown columns for {model.__name__}: {sorted(chosen)}")
    table = model._meta.db_table
    cursor.execute(
        f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT {", ".join(values)} FROM {source}'  # noqa: S608 - the loader's own fixed SQL
    )
    return cursor.rowcount


def reserve_ids(cursor, model: type[models.Model], count: int) -> int:
    """Take `count` ids from the table's sequence and return the first, so other tables can
    point at row n as first + n."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def array(ids: list) -> str:
    return "ARRAY[" + ",".join(str(i) for i in ids) + "]::bigint[]"


@dataclass
class County:
    """What every table's SQL needs to know: the size, the teams and staff, the date."""

    carers: int
    team_ids: list[int]
    worker_ids: list[int]
    assessor_ids: list[int]
    service_ids: list[str]
    today: datetime.date
    log: Callable[[str], None]
    started: float = dataclasses.field(default_factory=time.perf_counter)
    first_carer: int = 0
    first_cared_for: int = 0
    first_assessment: int = 0

    @property
    def team_count(self) -> int:
        return len(self.team_ids)

    @property
    def epoch(self) -> str:
        return f"date '{self.today.isoformat()}'"

    @property
    def days(self) -> int:
        return YEARS * 365

    def team_of(self, n: str) -> str:
        """Carer row n (from 0) is in team n % teams; other tables derive the team the same way."""
        return f"({array(self.team_ids)})[1 + {n} % {self.team_count}]"

    def worker_of(self, n: str) -> str:
        return f"({array(self.worker_ids)})[1 + {n} % {self.team_count}]"

    def assessor_of(self, n: str) -> str:
        return f"({array(self.assessor_ids)})[1 + {n} % {self.team_count}]"

    def step(self, label: str, rows: int) -> None:
        self.log(f"  {label}: {rows:,} rows ({time.perf_counter() - self.started:.0f} s)")
