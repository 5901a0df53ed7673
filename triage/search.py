"""Staff search across everything in scope, from one box.

One box takes a carer's name, date of birth, NHS number, postcode, a referral reference, or
(through a registered source) an emergency card number, or a name with a date of birth. Each
part is matched on an indexed column and scoped like the lists (the carer's and referral's
`*_list_visible_to`), so the search is a fixed number of queries however many rows match.

Records other apps own (emergency cards) answer through `register_search_source` from their
AppConfig.ready(): a source turns the query into a subquery of carer ids, so triage never
imports upward and the search stays one query per kind of result.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from carers_portal.accounts.models import User
from triage.models import Carer, Referral
from triage.selectors import (
    NAME_ORDER,
    _name_q,
    _postcode_prefix,
    carer_list_visible_to,
    referral_list_visible_to,
)
from triage.validators import normalise_nhs_number

RESULT_LIMIT = 25
DATE_PATTERNS = (
    re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b"),
    re.compile(r"\b(\d{1,2}) (\d{1,2}) (\d{4})\b"),
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?( ?\d[A-Z]{0,2})?$")
REFERENCE_LIKE = re.compile(r"^(CSS-?)?[A-Z\d]{6}$")


@dataclass(frozen=True)
class SearchSource:
    key: str
    # What the query matched, in the words shown above the results ("Card number").
    label: str
    # (user, query) -> a values_list queryset of carer ids, or None when the query is not
    # for this source.
    carer_ids: Callable[[User, str], QuerySet | None]


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _sources[source.key] = source


@dataclass
class SearchResults:
    query: str
    understood_as: list[str] = field(default_factory=list)
    carers: list[Carer] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)


def _date_in(query: str) -> tuple[datetime.date | None, str]:
    """A date of birth typed the ways people type them, and the rest of the query."""
    for pattern in DATE_PATTERNS:
        found = pattern.search(query)
        if found:
            day, month, year = (int(part) for part in found.groups())
            break
    else:
        found = ISO_DATE.search(query)
        if not found:
            return None, query
        year, month, day = (int(part) for part in found.groups())
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return None, query
    rest = (query[: found.start()] + query[found.end() :]).strip(" ,")
    return born, rest


def staff_search(*, user: User, query: str) -> SearchResults:
    query = " ".join(query.split())[:100]
    results = SearchResults(query=query)
    if not query:
        return results
    carer_q, referral_q = Q(pk__in=[]), Q(pk__in=[])
    born, rest = _date_in(query)
    compact = rest.replace(" ", "").upper()
    if born is not None:
        carer_q = Q(date_of_birth=born)
        referral_q = Q(date_of_birth=born)
        results.understood_as.append("date of birth")
        if rest and not any(ch.isdigit() for ch in rest):
            # A name with the date: both must match.
            carer_q &= _name_q(rest)
            referral_q &= _name_q(rest)
            results.understood_as.append("name")
    elif compact.isdigit() and len(compact) == 10:
        nhs = normalise_nhs_number(compact)
        carer_q, referral_q = Q(nhs_number=nhs), Q(nhs_number=nhs)
        results.understood_as.append("NHS number")
    else:
        if REFERENCE_LIKE.match(compact):
            referral_q |= Q(reference=f"CSS-{compact.removeprefix('CSS-').removeprefix('CSS')}")
            results.understood_as.append("referral reference")
        if POSTCODE_LIKE.match(rest.upper()) and any(ch.isdigit() for ch in compact):
            prefix = _postcode_prefix(rest)
            carer_q |= Q(postcode__startswith=prefix)
            referral_q |= Q(postcode__startswith=prefix)
            results.understood_as.append("postcode")
        if not compact.isdigit():
            carer_q |= _name_q(rest)
            referral_q |= _name_q(rest)
            results.understood_as.append("name")
    for source in _sources.values():
        ids = source.carer_ids(user, query)
        if ids is not None:
            carer_q |= Q(pk__in=ids)
            referral_q |= Q(carer_id__in=ids)
            results.understood_as.append(source.label)
    results.carers = list(
        carer_list_visible_to(user).filter(carer_q).order_by(*NAME_ORDER)[:RESULT_LIMIT]
    )
    results.referrals = list(
        referral_list_visible_to(user).filter(referral_q).order_by(*NAME_ORDER)[:RESULT_LIMIT]
    )
    return results
