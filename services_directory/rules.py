"""Directory rules: pure, typed, no ORM. Each rule says where it comes from.

Sources:
- Freshness: Open Referral UK v3.0 `service.assured_date` records when details were last
  checked; the council's directory policy treats details unchecked for
  DIRECTORY_STALE_AFTER_MONTHS (default 12) as stale, because the Care Act 2014 s4(1) duty is
  to provide information that is accurate and accessible.
- Capacity: the commissioning contract sets the number of places; a service whose uptake has
  reached its places is at capacity (commissioning monitoring, not a statutory limit).
- Eligibility: a service's own published criteria (ORUK minimum_age/maximum_age, service
  areas, carer types). Ages are inclusive.
- Postcode districts: carers_portal.postcodes (shared with support plans and triage).
"""

import calendar
import datetime
from dataclasses import dataclass, field

# Service areas are postcode districts; callers of the directory's rules read it from here.
from carers_portal.postcodes import postcode_district  # noqa: F401

DEFAULT_STALE_AFTER_MONTHS = 12


@dataclass(frozen=True)
class RuleResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` earlier, clamped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_cutoff(*, today: datetime.date, stale_after_months: int) -> datetime.date:
    """Details last verified before this date are stale."""
    return months_before(today, stale_after_months)


def service_is_stale(
    *, last_verified_on: datetime.date | None, today: datetime.date, stale_after_months: int
) -> RuleResult:
    """`ok` is True when the service IS stale (needs checking)."""
    if last_verified_on is None:
        return RuleResult(True, ["The details have never been verified with the provider"])
    cutoff = stale_cutoff(today=today, stale_after_months=stale_after_months)
    if last_verified_on < cutoff:
        return RuleResult(
            True,
            [
                f"Last verified on {last_verified_on:%-d %B %Y}, more than "
                f"{stale_after_months} months ago"
            ],
        )
    return RuleResult(False, [f"Verified on {last_verified_on:%-d %B %Y}"])


def service_is_at_capacity(*, capacity: int | None, uptake: int) -> RuleResult:
    """`ok` is True when no places are left."""
    if capacity is None:
        return RuleResult(False, ["The service has no limit on places"])
    if uptake >= capacity:
        return RuleResult(True, [f"All {capacity} places are taken ({uptake} in use)"])
    return RuleResult(False, [f"{capacity - uptake} of {capacity} places free"])


@dataclass(frozen=True)
class EligibilityFacts:
    minimum_age: int | None
    maximum_age: int | None
    areas: tuple[str, ...]
    carer_types: tuple[str, ...]


# Each row: (what is checked, source, check(facts, age, district, carer_type) -> failure or None)
def _age_too_low(facts: EligibilityFacts, age: int | None, *_: object) -> str | None:
    if age is not None and facts.minimum_age is not None and age < facts.minimum_age:
        return f"The service is for people aged {facts.minimum_age} or over"
    return None


def _age_too_high(facts: EligibilityFacts, age: int | None, *_: object) -> str | None:
    if age is not None and facts.maximum_age is not None and age > facts.maximum_age:
        return f"The service is for people aged {facts.maximum_age} or under"
    return None


def _outside_area(
    facts: EligibilityFacts, _age: int | None, district: str | None, *_: object
) -> str | None:
    if district and facts.areas and district not in facts.areas:
        return f"The service does not cover {district}"
    return None


def _wrong_carer_type(
    facts: EligibilityFacts, _age: int | None, _district: str | None, carer_type: str | None
) -> str | None:
    if carer_type and facts.carer_types and carer_type not in facts.carer_types:
        return "The service is not for this kind of carer"
    return None


ELIGIBILITY_RULES = [
    ("minimum age", "ORUK v3 service.minimum_age", _age_too_low),
    ("maximum age", "ORUK v3 service.maximum_age", _age_too_high),
    ("area", "ORUK v3 service_area", _outside_area),
    ("carer type", "service eligibility criteria", _wrong_carer_type),
]


def carer_is_eligible(
    facts: EligibilityFacts,
    *,
    age: int | None = None,
    district: str | None = None,
    carer_type: str | None = None,
) -> RuleResult:
    """Unknown facts (None) never rule a carer out: staff check them with the provider."""
    reasons = [
        failure
        for _name, _source, check in ELIGIBILITY_RULES
        if (failure := check(facts, age, district, carer_type))
    ]
    return RuleResult(not reasons, reasons or ["Meets the published criteria"])
