"""Keyset pagination for long work lists: every page costs the same, and counts are capped.

A page-numbered list runs an exact COUNT of everything in scope and an OFFSET that walks every
row before the page, so page 4,800 of a county's queue is hundreds of times dearer than page 1.
Here a page starts after (or before) the last row seen, which an index matching the list's
order finds directly, and the count stops at COUNT_CAP ("more than 1,000").

The queryset must be ordered ascending by `keys`, the last of which is unique (the id); keys
named in `nulls_last` must be ordered with NULLS LAST.
"""

import base64
import datetime
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import F, Field, Func, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.http import HttpRequest

from carers_portal.accounts.services import access_events_record_many

PAGE_SIZE = 25
COUNT_CAP = 1000
CURSOR_PARAMS = ("after", "before", "page")


@dataclass
class KeysetPage:
    object_list: list
    count: int  # exact when not capped, else COUNT_CAP
    count_capped: bool
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""
    # The list's filters, without the cursor, for the page links.
    query_string: str = ""
    is_keyset: bool = field(default=True, init=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:
        return bool(self.object_list)

    is_first: bool = True

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def count_label(self) -> str:
        return f"More than {self.count:,}" if self.count_capped else f"{self.count:,}"


def _encode(values: tuple) -> str:
    plain = [
        v.isoformat()
        if isinstance(v, (datetime.date, datetime.datetime))
        else str(v)
        if isinstance(v, uuid.UUID)
        else v
        for v in values
    ]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(token: str, queryset: QuerySet, keys: tuple[str, ...]) -> tuple | None:
    """The key values in a cursor, converted by the model's fields; None if it is not one."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            return None
        return tuple(_key_value(queryset, key, value) for key, value in zip(keys, raw, strict=True))
    except (ValueError, TypeError, ValidationError, FieldDoesNotExist):
        return None  # a cursor that is not one of ours is the first page


def _key_value(queryset: QuerySet, key: str, value):
    """A cursor's value for one key, converted by the model's field or, for a key the list
    annotates (a name collated for its index, the queue's clock), by the annotation's."""
    if key in queryset.query.annotations:
        return queryset.query.annotations[key].output_field.to_python(value)
    return queryset.model._meta.get_field(key).to_python(value)


def _compare(key: str, value, op: str, nulls_last: frozenset[str]) -> Q:
    """key <op> value, where a NULL in a nulls-last key sorts after every value."""
    if key not in nulls_last:
        return Q(**{f"{key}__{op}": value})
    null = Q(**{f"{key}__isnull": True})
    if op == "exact":
        return null if value is None else Q(**{key: value})
    if value is None:
        # Nothing sorts after NULL; everything not NULL sorts before it.
        if op in ("gt",):
            return Q(pk__in=[])
        if op == "gte":
            return null
        if op == "lt":
            return ~null
        return Q()  # lte
    if op in ("gt", "gte"):
        return Q(**{f"{key}__{op}": value}) | null
    return Q(**{f"{key}__{op}": value})


class _Row(Func):
    function = "ROW"
    output_field = Field()


def _beyond(keys: tuple[str, ...], values: tuple, *, after: bool, nulls_last: frozenset[str]) -> Q:
    """(k1, k2, ...) > (v1, v2, ...) as a filter an index on the keys can start from.

    With no NULLs among the keys it is PostgreSQL's row comparison, which an index on the keys
    in the same order takes as its start: a deep page reads about a page of entries. A key
    that can be NULL needs the expanded form, of which only the first key bounds the scan.
    """
    if not nulls_last:
        row = _Row(*[F(key) for key in keys])
        cursor = _Row(*[Value(value) for value in values])
        return Q(GreaterThan(row, cursor) if after else LessThan(row, cursor))
    op = "gt" if after else "lt"
    edge = "gte" if after else "lte"
    condition = _compare(keys[-1], values[-1], op, nulls_last)
    for key, value in zip(reversed(keys[:-1]), reversed(values[:-1]), strict=True):
        condition = _compare(key, value, op, nulls_last) | (
            _compare(key, value, "exact", nulls_last) & condition
        )
    return _compare(keys[0], values[0], edge, nulls_last) & condition


def paginate_keyset(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    keys: tuple[str, ...],
    nulls_last: frozenset[str] = frozenset(),
    per_page: int = PAGE_SIZE,
    cap: int | None = None,
    count: int | None = None,
) -> KeysetPage:
    """One page of `queryset` after ?after= or before ?before=: three queries at any depth.

    The ids come first from the narrow index, then the page's rows with their joins. A caller
    that already knows how many rows the queryset holds (from counts it shows anyway) passes
    `count`, and the capped count is not asked again.
    """
    cap = COUNT_CAP if cap is None else cap
    after = _decode(request.GET.get("after", ""), queryset, keys)
    before = None if after else _decode(request.GET.get("before", ""), queryset, keys)
    narrow = queryset.values_list(*keys)
    if after:
        narrow = narrow.filter(_beyond(keys, after, after=True, nulls_last=nulls_last))
    elif before:
        narrow = narrow.filter(_beyond(keys, before, after=False, nulls_last=nulls_last)).order_by(
            *[F(key).desc(nulls_first=True) if key in nulls_last else F(key).desc() for key in keys]
        )
    found = list(narrow[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    if before:
        found.reverse()
    pk_index = keys.index("id") if "id" in keys else len(keys) - 1
    ids = [row[pk_index] for row in found]
    rows = queryset.in_bulk(ids) if ids else {}
    if count is None:
        count = queryset.order_by().values("pk")[: cap + 1].count()
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in CURSOR_PARAMS]
    page = KeysetPage(
        object_list=[rows[pk] for pk in ids if pk in rows],
        count=min(count, cap),
        count_capped=count > cap,
        query_string=urlencode(params),
        # Stepping back to the start is the first page again.
        is_first=not after and not (before and more),
    )
    if found:
        page.next_cursor = _encode(found[-1])
        page.previous_cursor = _encode(found[0])
    page.has_next = bool(found) and (more if not before else True)
    page.has_previous = bool(found) and (bool(after) or (before is not None and more))
    access_events_record_many(request=request, objects=page.object_list)
    return page


@dataclass(frozen=True)
class CappedCount:
    count: int  # exact when not capped, else the cap
    capped: bool

    @property
    def label(self) -> str:
        return f"More than {self.count:,}" if self.capped else f"{self.count:,}"


@dataclass(frozen=True)
class _CompiledCount:
    """A capped count's SQL, already built (see capped_counts_by)."""

    sql: str
    params: tuple


_ONE_OF = "\x00one-of\x00"  # stands for each value while the shared SQL is built


def capped_counts_by(
    queryset: QuerySet, field_name: str, values, *, prefix: str = "", cap: int = COUNT_CAP
) -> dict:
    """The capped count of `queryset` for each of `values` of one field, for capped_counts.

    The ORM builds the SQL once with a stand-in value and each count swaps in its own: for the
    tray's eleven kinds of task that is one query built rather than eleven (each with the
    restriction check), about a fifth of a tray page's time.
    """
    try:
        sql, params = (
            queryset.filter(**{field_name: _ONE_OF})
            .order_by()
            .values("pk")[: cap + 1]
            .query.sql_with_params()
        )
    except EmptyResultSet:
        return {f"{prefix}{value}": queryset.none() for value in values}
    if list(params).count(_ONE_OF) != 1:  # not a plain parameter: build each one
        return {f"{prefix}{value}": queryset.filter(**{field_name: value}) for value in values}
    return {
        f"{prefix}{value}": _CompiledCount(
            sql, tuple(value if param == _ONE_OF else param for param in params)
        )
        for value in values
    }


def capped_counts(querysets: dict, *, cap: int = COUNT_CAP) -> dict[str, CappedCount]:
    """Several counts that each stop at `cap`, in one query.

    An exact COUNT of a county's open work walks every row in scope on every page view; each
    capped count reads at most `cap` + 1 index entries, so the cost is the same at any size.
    Each value is a queryset, or one of capped_counts_by's counts.
    """
    if not querysets:
        return {}
    parts, params = [], []
    for queryset in querysets.values():
        if isinstance(queryset, _CompiledCount):
            sql, part_params = queryset.sql, queryset.params
        else:
            try:
                sql, part_params = (
                    queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
                )
            except EmptyResultSet:  # a scope with nothing in it (no teams, or .none())
                parts.append("0")
                continue
        parts.append(f"(SELECT count(*) FROM ({sql}) AS capped)")  # noqa: S608 (ORM-built SQL)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {
        name: CappedCount(count=min(found, cap), capped=found > cap)
        for name, found in zip(querysets, row, strict=True)
    }
