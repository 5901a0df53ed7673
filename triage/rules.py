"""Triage rules: the proposed priority and pathway, and the time-limit clocks.

Pure functions over plain values (no ORM, no settings) so they can be tested as tables.
The service records what the rules proposed next to what the worker decided.
"""

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Values mirror triage.models choices; rules.py imports nothing from models by design.
URGENT, HIGH, STANDARD = "urgent", "high", "standard"
INFORMATION_ADVICE = "information_advice"
CARERS_ASSESSMENT = "carers_assessment"
EMERGENCY = "emergency"
SIGNPOSTING = "signposting"

AWAITING_TRIAGE, TRIAGED, ASSIGNED, CLOSED = "awaiting_triage", "triaged", "assigned", "closed"

# Referral references: "CSS-" and six characters with no 0/O, 1/I/L, 2/Z, 5/S, 8/B, as they
# are read out over the phone.
REFERENCE_PREFIX = "CSS-"
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_LENGTH = 6


def could_be_reference(text: str) -> bool:
    """Whether a search could be a reference, so a name search never also probes references
    (which would stop the queue's search using one index)."""
    code = text.replace(" ", "").upper().removeprefix(REFERENCE_PREFIX)
    return len(code) == REFERENCE_LENGTH and not set(code) - set(REFERENCE_ALPHABET)


PRIORITY_RANK = {URGENT: 0, HIGH: 1, STANDARD: 2}


@dataclass(frozen=True)
class TriageAnswers:
    caring_hours: str  # "1_19" | "20_49" | "50_plus"
    health_impact: str  # "none" | "some" | "significant"
    breakdown_risk: str  # "low" | "some" | "high"
    carer_hospital_admission: bool
    urgency: str  # "today" | "this_week" | "routine" | "information_only"


@dataclass(frozen=True)
class TriageRule:
    name: str
    applies: Callable[[TriageAnswers], bool]
    priority: str
    pathway: str
    reason: str
    source: str


@dataclass(frozen=True)
class TriageProposal:
    priority: str
    pathway: str
    reasons: tuple[str, ...] = field(default_factory=tuple)


# Ordered most to least pressing: the first rule that applies sets the proposal; every
# rule that applies contributes its reason, so the worker sees all the concerns raised.
TRIAGE_RULES: tuple[TriageRule, ...] = (
    TriageRule(
        "carer_hospital_admission",
        lambda a: a.carer_hospital_admission,
        URGENT,
        EMERGENCY,
        "The carer faces a hospital admission, so the person they care for may be left "
        "without care: plan replacement care now.",
        "Care Act 2014 s10(5)(a) (ability to continue caring); local contingency-planning policy",
    ),
    TriageRule(
        "breakdown_imminent",
        lambda a: a.breakdown_risk == "high",
        URGENT,
        EMERGENCY,
        "Caring may break down within days.",
        "Care Act 2014 s10(5)(a)-(b) (able and willing to continue caring)",
    ),
    TriageRule(
        "help_needed_today",
        lambda a: a.urgency == "today",
        URGENT,
        EMERGENCY,
        "Help is needed today.",
        "Local triage policy (single point of entry)",
    ),
    TriageRule(
        "health_significantly_affected",
        lambda a: a.health_impact == "significant",
        HIGH,
        CARERS_ASSESSMENT,
        "Caring is significantly affecting the carer's physical or mental health.",
        "SI 2015/313 reg. 3(2)(a) (health deteriorating or at risk)",
    ),
    TriageRule(
        "breakdown_risk",
        lambda a: a.breakdown_risk == "some",
        HIGH,
        CARERS_ASSESSMENT,
        "The carer is struggling and caring is at some risk of breaking down.",
        "Care Act 2014 s10(5)(a)-(b)",
    ),
    TriageRule(
        "help_needed_this_week",
        lambda a: a.urgency == "this_week",
        HIGH,
        CARERS_ASSESSMENT,
        "Help is needed this week.",
        "Local triage policy (single point of entry)",
    ),
    TriageRule(
        "fifty_hours_or_more",
        lambda a: a.caring_hours == "50_plus",
        HIGH,
        CARERS_ASSESSMENT,
        "The carer cares for 50 or more hours a week.",
        "Care Act 2014 s10(1) (carer may have needs for support); census caring-hours bands",
    ),
    TriageRule(
        "health_affected",
        lambda a: a.health_impact == "some",
        STANDARD,
        CARERS_ASSESSMENT,
        "Caring has some effect on the carer's health.",
        "Care Act 2014 s10(1), s10(4) (duty regardless of level of need)",
    ),
    TriageRule(
        "information_only",
        lambda a: a.urgency == "information_only",
        STANDARD,
        INFORMATION_ADVICE,
        "The carer only wants information or advice; a carer's assessment is still "
        "offered on request.",
        "Care Act 2014 s4 (information and advice); s10(1)",
    ),
    TriageRule(
        "light_caring",
        # Only when nothing else points to a need: otherwise its reason would contradict them.
        lambda a: a.caring_hours == "1_19"
        and a.health_impact == "none"
        and a.breakdown_risk == "low",
        STANDARD,
        SIGNPOSTING,
        "Fewer than 20 hours' caring a week with no effect on health: signpost to "
        "community support; offer an assessment if the carer asks.",
        "Care Act 2014 s2 (preventing needs), s10(1)",
    ),
)

DEFAULT_PROPOSAL = TriageProposal(
    STANDARD,
    CARERS_ASSESSMENT,
    ("The carer may have needs for support: offer a carer's assessment (Care Act 2014 s10(1)).",),
)


def triage_proposal(answers: TriageAnswers) -> TriageProposal:
    matched = [rule for rule in TRIAGE_RULES if rule.applies(answers)]
    if not matched:
        return DEFAULT_PROPOSAL
    first = matched[0]
    return TriageProposal(
        priority=first.priority,
        pathway=first.pathway,
        reasons=tuple(f"{rule.reason} ({rule.source})" for rule in matched),
    )


# --- Time-limit clocks -----------------------------------------------------------------


@dataclass(frozen=True)
class ClockSettings:
    """Targets, configurable through Django settings (see triage.selectors.clock_settings).

    The defaults follow Lincolnshire's carers-service indicators (../shared/reference/
    comparable-systems.md, LCC #42-#47): assessment started within 14 days, 4 on the fast
    track; support plan within 7 days of assessment; budget authorised within 10 days. The
    service counts them in working days, and an urgent referral is started within 2.
    """

    urgent_triage_working_days: int = 2
    triage_working_days: int = 5
    # Working days from receiving the referral to starting the assessment, by priority.
    assessment_start_urgent_working_days: int = 2
    assessment_start_high_working_days: int = 4
    assessment_start_standard_working_days: int = 14
    # Emergency pathway: the contingency (emergency) plan is made within this many.
    emergency_plan_working_days: int = 1
    support_plan_working_days: int = 7
    authorisation_working_days: int = 10
    # A carer's own request for a review (Care Act s27(1)(b)): contact within this many.
    review_request_working_days: int = 10
    # After an emergency card activation, the carer's team follows up (replacement care
    # beyond the free hours needs a practitioner's review): within this many.
    emergency_follow_up_working_days: int = 1
    # A change a carer makes to their own contact details or emergency contacts online is
    # checked and put on the record within this many (this service's own target: a responder
    # must not ring an old number for long).
    change_request_working_days: int = 5
    bank_holidays: frozenset[datetime.date] = frozenset()


def assessment_start_working_days(priority: str | None, config: ClockSettings) -> int:
    """Working days to start the assessment at this priority (untriaged counts as standard)."""
    return {
        URGENT: config.assessment_start_urgent_working_days,
        HIGH: config.assessment_start_high_working_days,
    }.get(priority or STANDARD, config.assessment_start_standard_working_days)


@dataclass(frozen=True)
class DueDate:
    on: datetime.date
    reason: str


def triage_task_due(
    *, received_on: datetime.date, urgent_at_intake: bool, config: ClockSettings
) -> DueDate:
    """The first contact. "Help is needed today" is promised a call the same working day
    (the public form says so); triage itself is then due within the urgent target."""
    if urgent_at_intake:
        day = received_on
        while not is_working_day(day, config.bank_holidays):
            day += datetime.timedelta(days=1)
        return DueDate(day, "Help needed today: call the same working day")
    days = config.triage_working_days
    return DueDate(
        add_working_days(received_on, days, config.bank_holidays),
        f"Triage within {days} working days",
    )


def start_assessment_due(
    *, received_on: datetime.date, priority: str | None, config: ClockSettings
) -> DueDate:
    days = assessment_start_working_days(priority, config)
    return DueDate(
        add_working_days(received_on, days, config.bank_holidays),
        f"{(priority or STANDARD).capitalize()} priority: start the assessment within "
        f"{days} working days of the referral",
    )


def emergency_plan_due(*, triaged_on: datetime.date, config: ClockSettings) -> DueDate:
    days = config.emergency_plan_working_days
    return DueDate(
        add_working_days(triaged_on, days, config.bank_holidays),
        f"Emergency pathway: make the emergency plan within {days} working day"
        + ("" if days == 1 else "s"),
    )


def support_plan_due(*, assessed_on: datetime.date, config: ClockSettings) -> DueDate:
    days = config.support_plan_working_days
    return DueDate(
        add_working_days(assessed_on, days, config.bank_holidays),
        f"Support plan within {days} working days of the assessment",
    )


def emergency_follow_up_due(*, activated_on: datetime.date, config: ClockSettings) -> DueDate:
    days = config.emergency_follow_up_working_days
    return DueDate(
        add_working_days(activated_on, days, config.bank_holidays),
        f"Follow up an emergency card activation within {days} working day"
        + ("" if days == 1 else "s"),
    )


def review_request_due(*, requested_on: datetime.date, config: ClockSettings) -> DueDate:
    days = config.review_request_working_days
    return DueDate(
        add_working_days(requested_on, days, config.bank_holidays),
        f"A carer's request for a review is answered within {days} working days "
        "(Care Act 2014 s27(1)(b))",
    )


def change_request_due(*, requested_on: datetime.date, config: ClockSettings) -> DueDate:
    days = config.change_request_working_days
    return DueDate(
        add_working_days(requested_on, days, config.bank_holidays),
        f"A change the carer made online is checked within {days} working day"
        + ("" if days == 1 else "s"),
    )


@dataclass(frozen=True)
class Breach:
    code: str
    message: str


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Iterable[datetime.date] = ()
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = frozenset(holidays)
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += is_working_day(day, holidays)
        day += datetime.timedelta(days=1)
    return count


def add_working_days(
    start: datetime.date, working_days: int, holidays: Iterable[datetime.date] = ()
) -> datetime.date:
    holidays = frozenset(holidays)
    day = start
    while working_days > 0:
        day += datetime.timedelta(days=1)
        working_days -= is_working_day(day, holidays)
    return day


def working_day_cutoff(
    today: datetime.date, working_days: int, holidays: Iterable[datetime.date] = ()
) -> datetime.date:
    """The earliest received date still within target: received before it means breached.

    Equivalent to `working_days_between(received, today) > working_days`, but as a single
    date so a list can filter on it in SQL.
    """
    holidays = frozenset(holidays)
    day = today
    while working_days_between(day - datetime.timedelta(days=1), today, holidays) <= working_days:
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class OverdueCutoffs:
    urgent_triage: datetime.date
    triage: datetime.date
    # priority -> earliest received date still within the assessment-start target
    assessment: dict[str, datetime.date]


# Pure and keyed by hashable values: a queue page asks for the same day's cutoffs once per row.
@functools.lru_cache(maxsize=64)
def overdue_cutoffs(today: datetime.date, config: ClockSettings) -> OverdueCutoffs:
    return OverdueCutoffs(
        urgent_triage=working_day_cutoff(
            today, config.urgent_triage_working_days, config.bank_holidays
        ),
        triage=working_day_cutoff(today, config.triage_working_days, config.bank_holidays),
        assessment={
            priority: working_day_cutoff(
                today, assessment_start_working_days(priority, config), config.bank_holidays
            )
            for priority in (URGENT, HIGH, STANDARD)
        },
    )


ASSESSMENT_PATHWAYS = frozenset({CARERS_ASSESSMENT, EMERGENCY})


def referral_breaches(
    *,
    status: str,
    received_on: datetime.date,
    urgent_at_intake: bool,
    pathway: str | None,
    priority: str | None = None,
    assessment_started: bool,
    today: datetime.date,
    config: ClockSettings,
) -> list[Breach]:
    """Which targets a referral has missed. Mirrors triage.selectors.referral_overdue_q."""
    cutoffs = overdue_cutoffs(today, config)
    breaches = []
    if status == AWAITING_TRIAGE:
        if urgent_at_intake and received_on < cutoffs.urgent_triage:
            breaches.append(
                Breach(
                    "urgent_triage",
                    f"Urgent referral not triaged within "
                    f"{config.urgent_triage_working_days} working days",
                )
            )
        elif received_on < cutoffs.triage:
            breaches.append(
                Breach("triage", f"Not triaged within {config.triage_working_days} working days")
            )
    if (
        status in (TRIAGED, ASSIGNED)
        and pathway in ASSESSMENT_PATHWAYS
        and not assessment_started
        and received_on < cutoffs.assessment[priority or STANDARD]
    ):
        days = assessment_start_working_days(priority, config)
        breaches.append(
            Breach(
                "assessment_start",
                f"Assessment not started within {days} working days of referral",
            )
        )
    return breaches


# --- The queue's order ----------------------------------------------------------------


@dataclass(frozen=True)
class QueuePosition:
    rank: int  # 0 urgent, 1 high, 2 standard
    due_on: datetime.date | None  # when the running clock runs out; None when none runs
    provisional: bool  # the rank comes from intake or the proposal, not a triage decision


def queue_position(
    *,
    status: str,
    urgent_at_intake: bool,
    priority: str | None,
    proposed_priority: str | None,
    pathway: str | None,
    received_on: datetime.date,
    assessment_started: bool,
    config: ClockSettings,
) -> QueuePosition:
    """Where a referral sits in the queue: by priority, then by time left on its clock.

    Before triage the priority is provisional: "help is needed today" at intake counts as
    urgent (and runs the urgent triage clock); otherwise the rules' proposal, if the triage
    answers are saved, else standard.
    """
    holidays = config.bank_holidays
    if status == AWAITING_TRIAGE:
        if urgent_at_intake:
            rank, days = PRIORITY_RANK[URGENT], config.urgent_triage_working_days
        else:
            rank = PRIORITY_RANK[proposed_priority or STANDARD]
            days = config.triage_working_days
        return QueuePosition(rank, add_working_days(received_on, days, holidays), True)
    rank = PRIORITY_RANK[priority or STANDARD]
    if status in (TRIAGED, ASSIGNED) and pathway in ASSESSMENT_PATHWAYS and not assessment_started:
        due = start_assessment_due(received_on=received_on, priority=priority, config=config)
        return QueuePosition(rank, due.on, False)
    return QueuePosition(rank, None, False)
