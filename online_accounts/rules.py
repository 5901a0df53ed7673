"""Rules for invitations and for people acting for a carer. Pure functions, no ORM.

Sources: the service's own choices, made with the research behind comparable council portals
(many carers have no email or will not use it, so a code comes by text message or on a
letter, and a person can be given access on a carer's behalf: ../shared/reference
comparable-systems.md, "Digitally inclusive carer portal").

- A code is typed from a letter or a phone, so it uses letters and digits nobody confuses
  (no 0/O, 1/I/L, U/V) and is shown in groups of four.
- Its first LOOKUP_LENGTH characters find the invitation; the rest is the secret, checked
  against a stored hash. 7 characters of 29 is about 34 bits, and each invitation stops
  after a few wrong tries (ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION), each address after
  ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR.
- Access for someone acting for a carer always ends on a date, at most
  ACTING_FOR_LONGEST_YEARS ahead, so it comes up again with the carer's reviews.
"""

import datetime
import re
from dataclasses import dataclass

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LOOKUP_LENGTH = 5
CODE_SECRET_LENGTH = 7
CODE_LENGTH = LOOKUP_LENGTH + CODE_SECRET_LENGTH
# An emailed link's secret: long, as nobody types it.
LINK_SECRET_BYTES = 32
LINK_SEPARATOR = "."

ACTING_FOR_LONGEST_YEARS = 3


def code_display(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four, as printed and sent."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_normalise(typed: str) -> str:
    """What someone typed, without spaces, dashes or case."""
    return re.sub(r"[^A-Za-z0-9]", "", typed or "").upper()


@dataclass(frozen=True)
class SplitSecret:
    lookup: str
    secret: str


def code_split(typed: str) -> SplitSecret | None:
    code = code_normalise(typed)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return SplitSecret(code[:LOOKUP_LENGTH], code[LOOKUP_LENGTH:])


def link_split(token: str) -> SplitSecret | None:
    lookup, sep, secret = (token or "").partition(LINK_SEPARATOR)
    if not sep or len(lookup) != LOOKUP_LENGTH or len(secret) < 20:
        return None
    if any(ch not in CODE_ALPHABET for ch in lookup):
        return None
    return SplitSecret(lookup, secret)


def username_base(first_name: str) -> str:
    """A username's letters, from the first name (plain letters only, so it is easy to type)."""
    letters = re.sub(r"[^a-z]", "", (first_name or "").lower())[:12]
    return letters or "carer"


# --- Redeeming a code -------------------------------------------------------------------


class Refusal:
    """Why a code or link was not accepted. Only WRONG is said when either answer is wrong,
    so a reply never tells someone guessing which half they had right."""

    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    STOPPED = "stopped"


REFUSAL_MESSAGES = {
    Refusal.WRONG: (
        "The code or date of birth is not right. Check them against your letter or message "
        "and try again"
    ),
    Refusal.EXPIRED: "This code has expired. Ask us for a new one",
    Refusal.USED: "This code has already been used. Sign in with your username and password",
    Refusal.STOPPED: "This code no longer works. Ask us for a new one",
}


def redeem_check(
    *,
    secret_matches: bool,
    date_of_birth_matches: bool,
    status: str,
    expires_at: datetime.datetime | None,
    now: datetime.datetime,
) -> str | None:
    """None if the invitation may be used now, otherwise the Refusal."""
    if not (secret_matches and date_of_birth_matches):
        return Refusal.WRONG
    if status == "used":
        return Refusal.USED
    if status != "sent":
        return Refusal.STOPPED
    if expires_at is None or expires_at <= now:
        return Refusal.EXPIRED
    return None


def stops_after_wrong_try(*, wrong_tries: int, allowed: int) -> bool:
    """True when this wrong try (already counted in `wrong_tries`) uses up the invitation."""
    return wrong_tries >= allowed


# --- What the carer's record says -------------------------------------------------------


class PortalState:
    NOT_INVITED = "not_invited"
    WAITING = "waiting"
    INVITED = "invited"
    EXPIRED = "expired"
    STOPPED = "stopped"
    ACTIVE = "active"
    REVOKED = "revoked"


@dataclass(frozen=True)
class InvitationFacts:
    status: str
    channel_label: str
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    ended_at: datetime.datetime | None


@dataclass(frozen=True)
class PortalStatus:
    state: str
    words: str


def _day(moment: datetime.datetime | datetime.date) -> str:
    return f"{moment:%-d %B %Y}"


def portal_status(
    *,
    has_account: bool,
    account_active: bool,
    closed_on: datetime.datetime | None,
    latest: InvitationFacts | None,
    now: datetime.datetime,
) -> PortalStatus:
    """The carer's online account in one line, for the record. `now` and the dates are in
    local time. An active account wins; then the latest invitation says where things are."""
    if has_account and account_active:
        return PortalStatus(PortalState.ACTIVE, "Active: they can sign in")
    if latest is None or (closed_on and latest.created_at < closed_on):
        if closed_on is not None:
            return PortalStatus(PortalState.REVOKED, f"Revoked on {_day(closed_on)}")
        return PortalStatus(PortalState.NOT_INVITED, "Not invited")
    how = latest.channel_label.lower()
    if latest.status == "queued":
        return PortalStatus(PortalState.WAITING, f"Invitation by {how} waiting to send")
    if latest.status == "sent":
        sent = _day(latest.sent_at or latest.created_at)
        if latest.expires_at is not None and latest.expires_at <= now:
            return PortalStatus(
                PortalState.EXPIRED,
                f"Invited by {how} on {sent}; the invitation expired on {_day(latest.expires_at)}",
            )
        expires = _day(latest.expires_at) if latest.expires_at else "no date"
        return PortalStatus(PortalState.INVITED, f"Invited by {how} on {sent}, expires {expires}")
    if latest.status == "withdrawn":
        return PortalStatus(PortalState.REVOKED, f"Revoked on {_day(latest.ended_at or now)}")
    if latest.status == "locked":
        return PortalStatus(
            PortalState.STOPPED,
            f"The invitation by {how} stopped after too many wrong tries on "
            f"{_day(latest.ended_at or now)}",
        )
    if latest.status == "not_sent":
        return PortalStatus(PortalState.STOPPED, f"The invitation by {how} could not be sent")
    # used, but the account is not active: it was closed after they signed up.
    return PortalStatus(PortalState.REVOKED, f"Revoked on {_day(closed_on or now)}")


def can_invite(state: str) -> bool:
    return state != PortalState.ACTIVE


def can_revoke(state: str) -> bool:
    return state in (PortalState.WAITING, PortalState.INVITED, PortalState.ACTIVE)


# --- Someone acting for a carer ---------------------------------------------------------


def acting_for_expiry_reasons(*, expires_on: datetime.date, today: datetime.date) -> list[str]:
    """Why an end date cannot be used: [] when it can."""
    if expires_on <= today:
        return ["The date access ends must be in the future"]
    try:
        latest = today.replace(year=today.year + ACTING_FOR_LONGEST_YEARS)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + ACTING_FOR_LONGEST_YEARS, day=28)
    if expires_on > latest:
        return [f"The date access ends must be within {ACTING_FOR_LONGEST_YEARS} years"]
    return []
