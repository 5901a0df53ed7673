"""Emergency card scheme rules: pure, typed, no ORM. Each rule cites where it comes from.

Sources (see ../shared/reference/domain-rules.md section 3):
- Card numbers: the Luhn check digit, ISO/IEC 7812-1:2017 Annex B. It catches every
  single-digit substitution and most swaps of neighbouring digits, the mistakes people
  make reading a number over the phone.
- Contacts: schemes ask for 2 nominated contacts (Cornwall, Richmond, Stockton, Surrey)
  or up to 3 (Ealing, Carmarthenshire); each must have agreed to be contacted and to have
  their details shared, and the controller must be able to show it (UK GDPR Art. 7(1)).
- Replacement care: free for a fixed period (24 h Cornwall, 48 h Hounslow and Bracknell,
  72 h Bristol); after that a practitioner reviews it and a financial assessment may apply
  (Care Act 2014 s14 power to charge, s17 financial assessment).
- Review: an annual review re-confirms the plan (Denbighshire annual review form).
- Lifecycle: a card is active, suspended or closed; the carer reports a long hospital stay,
  a move to a care home or the death of the cared-for person (Stockton); lost or stolen
  cards are replaced. A suspended card goes back in use when the carer is home: this
  service's own rule, so a stay in hospital does not mean registering again.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

CARD_NUMBER_LENGTH = 12  # 11 random digits and one check digit
MIN_CONTACTS = 2
MAX_CONTACTS = 3
REVIEW_INTERVAL_MONTHS = 12
# Plans come onto the "due for review" list this long before the review date, so there is
# time to contact the carer before the plan lapses.
REVIEW_NOTICE_DAYS = 28
LOOKUP_FAILURE_LIMIT = 10
LOOKUP_FAILURE_WINDOW = datetime.timedelta(minutes=15)

INVALID_CARD_NUMBER_MESSAGE = "Check the card number: it is not a valid card number"

# A plan's status: these mirror emergency_cards.models.PlanStatus (pinned by a test).
ACTIVE = "active"
SUSPENDED = "suspended"
CLOSED = "closed"
PLAN_STATUSES = (ACTIVE, SUSPENDED, CLOSED)


@dataclass(frozen=True)
class RuleResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)


# --- The card's life: what can be done to a plan in each status ------------------------

NOT_CLOSED = frozenset({ACTIVE, SUSPENDED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    # The status the plan moves to; None keeps the status it has.
    target: str | None
    # What staff are told when the plan's status does not allow the action.
    refusal: str
    citation: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "edit",
        NOT_CLOSED,
        None,
        "A closed plan cannot be changed",
        "Scheme lifecycle: the carer reports changes to the plan (Stockton)",
    ),
    Transition(
        "reissue",
        NOT_CLOSED,
        None,
        "A closed plan cannot have a new card",
        "Scheme lifecycle: lost or stolen cards are replaced",
    ),
    Transition(
        "suspend",
        frozenset({ACTIVE}),
        SUSPENDED,
        "Only an active card can be suspended",
        "Scheme lifecycle: the carer reports a long hospital stay (Stockton)",
    ),
    Transition(
        "reinstate",
        frozenset({SUSPENDED}),
        ACTIVE,
        "Only a suspended card can be put back in use",
        "This service: a suspended card goes back in use when the carer is home",
    ),
    Transition(
        "close",
        NOT_CLOSED,
        CLOSED,
        "This card is already closed",
        "Scheme lifecycle: a move to a care home or a death is reported (Stockton)",
    ),
    Transition(
        "confirm",
        NOT_CLOSED,
        None,
        "A closed plan cannot be confirmed",
        "Denbighshire annual review form: the plan is re-confirmed every 12 months",
    ),
    Transition(
        "download_card",
        NOT_CLOSED,
        None,
        "A closed plan has no card to print",
        "Scheme card: the ID and the 24-hour number only (Essex, Isle of Wight)",
    ),
    Transition(
        "record_emergency",
        frozenset({ACTIVE}),
        None,
        "An emergency can only be recorded against a card in use",
        "Scheme activation: the call centre opens the plan from the quoted card ID",
    ),
)
TRANSITIONS_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}


def transition_check(*, action: str, status: str) -> RuleResult:
    """Whether a plan in `status` allows `action`, with the source or the refusal."""
    transition = TRANSITIONS_BY_ACTION[action]
    if status not in transition.sources:
        return RuleResult(False, [transition.refusal])
    return RuleResult(True, [transition.citation])


def actions_from(status: str) -> frozenset[str]:
    """What the plan's page may offer for a plan in `status`."""
    return frozenset(t.action for t in TRANSITIONS if status in t.sources)


# --- Card numbers (ISO/IEC 7812-1:2017 Annex B, the Luhn formula) ---------------------


def luhn_check_digit(payload: str) -> str:
    """The digit that makes `payload + digit` pass the Luhn check."""
    if not payload.isdigit():
        raise ValueError("A card number payload is digits only")
    total = 0
    # Counting from the right of the payload, every first, third... digit is doubled,
    # because the check digit will sit to its right.
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def normalise_card_number(raw: str) -> str:
    """What people type: spaces and hyphens between groups are allowed and dropped."""
    return "".join(ch for ch in (raw or "") if ch not in " -\u00a0\t")


def card_number_check(raw: str) -> RuleResult:
    number = normalise_card_number(raw)
    if not number:
        return RuleResult(False, ["Enter the card number"])
    if not number.isdigit() or len(number) != CARD_NUMBER_LENGTH:
        return RuleResult(
            False, [f"{INVALID_CARD_NUMBER_MESSAGE} (card numbers are {CARD_NUMBER_LENGTH} digits)"]
        )
    if luhn_check_digit(number[:-1]) != number[-1]:
        return RuleResult(False, [INVALID_CARD_NUMBER_MESSAGE])
    return RuleResult(True, ["Check digit is correct (ISO/IEC 7812-1 Annex B)"])


def card_number_from_payload(payload: str) -> str:
    return payload + luhn_check_digit(payload)


def format_card_number(number: str) -> str:
    """Groups of four, as printed on the card and read out over the phone."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


# --- Nominated contacts ----------------------------------------------------------------


@dataclass(frozen=True)
class ContactFacts:
    name: str
    consents_to_contact: bool
    consents_to_share: bool


# (condition, message, source)
CONTACT_RULES = (
    ("too_few", f"Add at least {MIN_CONTACTS} emergency contacts", "Scheme practice: Cornwall, Richmond, Stockton, Surrey"),
    ("too_many", f"Add no more than {MAX_CONTACTS} emergency contacts", "Scheme practice: Ealing, Carmarthenshire"),
    ("no_contact_consent", "{name} has not agreed to be contacted", "UK GDPR Art. 7(1)"),
    ("no_share_consent", "{name} has not agreed to have their details shared", "UK GDPR Art. 7(1)"),
)  # fmt: skip


def contacts_check(contacts: list[ContactFacts], *, plan_active: bool = True) -> RuleResult:
    """Whether a plan's contacts can be saved: 2 or 3, each with both consents when active."""
    messages = {key: (message, source) for key, message, source in CONTACT_RULES}
    reasons = []
    if len(contacts) < MIN_CONTACTS:
        reasons.append(messages["too_few"][0])
    if len(contacts) > MAX_CONTACTS:
        reasons.append(messages["too_many"][0])
    if plan_active:
        for contact in contacts:
            if not contact.consents_to_contact:
                reasons.append(messages["no_contact_consent"][0].format(name=contact.name))
            if not contact.consents_to_share:
                reasons.append(messages["no_share_consent"][0].format(name=contact.name))
    if reasons:
        return RuleResult(False, reasons)
    return RuleResult(True, [f"{len(contacts)} contacts, each consenting (UK GDPR Art. 7(1))"])


# --- Replacement care ------------------------------------------------------------------

DEFAULT_FREE_REPLACEMENT_HOURS = 48


def replacement_care_review(*, hours: Decimal, free_hours: int) -> RuleResult:
    """ok=False means a practitioner must review it and a financial assessment may apply."""
    if hours < 0:
        raise ValueError("Hours cannot be negative")
    if hours > free_hours:
        return RuleResult(
            False,
            [
                f"{hours} hours is more than the {free_hours} free hours: needs practitioner "
                "review and a financial assessment (Care Act 2014 s14, s17)"
            ],
        )
    return RuleResult(True, [f"Within the {free_hours} free hours of replacement care"])


# --- Annual review ---------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day N months later; 29 February becomes 28 February in a non-leap year."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate_day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def review_due_on(confirmed_on: datetime.date) -> datetime.date:
    """Denbighshire annual review form: the plan is re-confirmed every 12 months."""
    return add_months(confirmed_on, REVIEW_INTERVAL_MONTHS)


class ReviewState:
    CURRENT = "current"
    DUE = "due"
    EXPIRED = "expired"


def review_state(*, review_due: datetime.date, today: datetime.date) -> tuple[str, str]:
    """(state, reason). Expired plans still work in an emergency, but the team must act."""
    if today >= review_due:
        return ReviewState.EXPIRED, f"Review was due on {review_due:%d %B %Y}"
    if today >= review_due - datetime.timedelta(days=REVIEW_NOTICE_DAYS):
        return ReviewState.DUE, f"Review due on {review_due:%d %B %Y}"
    return ReviewState.CURRENT, f"Next review on {review_due:%d %B %Y}"


# --- Look-up throttling ------------------------------------------------------------------


def lookup_throttled(*, recent_failures: int) -> RuleResult:
    """Stops anyone guessing card numbers: 10 failures in 15 minutes locks the look-up."""
    if recent_failures >= LOOKUP_FAILURE_LIMIT:
        return RuleResult(
            False,
            [
                "Too many attempts: you have entered too many card numbers that did not work. "
                "Wait 15 minutes and try again, or call the team manager."
            ],
        )
    return RuleResult(True, [])
