"""Entries other apps add to a carer's contact log (the case notes list on the record).

Triage owns the contact log, but not every contact with a carer is a case note: the emails,
text messages and letters the service sends live in `notifications`, which sits below triage
and imports no domain app, and triage must not import it to read them. So the sources meet
here, in the base both may import: `notifications` registers its messages as a source from
its AppConfig.ready(), and triage reads every source when it shows the log. Nothing is copied
into case notes, so a message whose send is retried (one row, updated) is listed once, with
its current delivery status.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ContactLogEntry:
    # Unique across sources, e.g. "message:12".
    key: str
    # What kind of contact, in plain words: "Email", "Text message", "Letter".
    kind: str
    occurred_at: datetime.datetime
    # What it was about ("Emergency card issued") and what was sent, as the person read it.
    about: str
    text: str
    # Who it went to: an email address, a phone number or the first line and postcode.
    recipient: str
    # Where it has got to ("Delivered", "Not delivered"...), and the GOV.UK tag colour for it.
    status: str
    status_colour: str = "grey"


@dataclass(frozen=True)
class ContactLogSource:
    key: str
    # (carer_id, referral_ids, limit) -> the newest entries about that carer, newest first.
    # referral_ids are the carer's referrals: some contacts (a referral's receipt) were made
    # before the referral was linked to the carer's record.
    entries: Callable[[int, Sequence[int], int], list[ContactLogEntry]]


_sources: dict[str, ContactLogSource] = {}

CONTACT_LOG_LIMIT = 50


def register_contact_log_source(source: ContactLogSource) -> None:
    _sources[source.key] = source


def contact_log_entries(
    *, carer_id: int, referral_ids: Sequence[int] = (), limit: int = CONTACT_LOG_LIMIT
) -> list[ContactLogEntry]:
    """Every source's entries for a carer the caller has already scoped to the user."""
    entries = [
        entry
        for source in _sources.values()
        for entry in source.entries(carer_id, tuple(referral_ids), limit)
    ]
    entries.sort(key=lambda entry: entry.occurred_at, reverse=True)
    return entries[:limit]
