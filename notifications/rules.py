"""Which channel a message goes by, and what it may say there. Pure functions, no ORM.

Sources: the carer's own choice of contact method is recorded at referral and on the record;
GOV.UK Notify sends email, text messages (UK mobiles) and letters (an address of 3 to 7
lines ending in a postcode). A card number is the key to a carer's emergency plan, so it goes
only by email or letter, never by text message (a phone's lock screen shows texts).
"""

import re
from dataclasses import dataclass

from notifications.models import Channel

UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")

# The carer's preferred contact method (triage.models.ContactMethod values), in the order
# the channels are tried. "phone" means they would rather be rung: a text is the nearest
# written channel, then a letter.
CHANNEL_ORDER: dict[str, tuple[str, ...]] = {
    "email": (Channel.EMAIL, Channel.SMS, Channel.LETTER),
    "text": (Channel.SMS, Channel.EMAIL, Channel.LETTER),
    "phone": (Channel.SMS, Channel.LETTER, Channel.EMAIL),
    "post": (Channel.LETTER, Channel.EMAIL, Channel.SMS),
}

# Personalisation never put in a text message.
SMS_WITHHELD_FIELDS = frozenset({"card_number"})
# Personalisation that opens an account (a one-time code or link). Kept only until Notify has
# accepted the message: the invitation stores a hash, so the message row must not keep the
# words either. The development outbox keeps them, as it stands in for the recipient's inbox.
SECRET_FIELDS = frozenset({"invitation"})
REMOVED_ONCE_SENT = "[code removed once sent]"


@dataclass(frozen=True)
class Contact:
    preferred: str
    consent: bool
    email: str = ""
    phone: str = ""
    address_lines: tuple[str, ...] = ()
    postcode: str = ""


@dataclass(frozen=True)
class ChannelChoice:
    channel: str | None
    recipient: str
    reason: str


def is_uk_mobile(phone: str) -> bool:
    return bool(UK_MOBILE.match(re.sub(r"[\s()-]", "", phone or "")))


def letter_address(contact: Contact) -> tuple[str, ...]:
    """Notify wants 3 to 7 lines, the last a postcode; fewer lines cannot be posted."""
    lines = tuple(line.strip() for line in contact.address_lines if line and line.strip())
    if not contact.postcode.strip():
        return ()
    lines = (*lines[:6], contact.postcode.strip())
    return lines if len(lines) >= 3 else ()


def _recipient(contact: Contact, channel: str) -> str:
    if channel == Channel.EMAIL:
        return contact.email.strip()
    if channel == Channel.SMS:
        return contact.phone.strip() if is_uk_mobile(contact.phone) else ""
    return "\n".join(letter_address(contact))


def channel_choose(contact: Contact, *, allowed: frozenset[str] | None = None) -> ChannelChoice:
    """The first channel in the person's order that we hold details for, with the reason."""
    if not contact.consent:
        return ChannelChoice(None, "", "They have not agreed to be contacted")
    order = CHANNEL_ORDER.get(contact.preferred, CHANNEL_ORDER["email"])
    for channel in order:
        if allowed is not None and channel not in allowed:
            continue
        recipient = _recipient(contact, channel)
        if recipient:
            first = channel == order[0]
            reason = (
                "Their preferred contact method" if first else "No details for their preference"
            )
            return ChannelChoice(channel, recipient, reason)
    return ChannelChoice(None, "", "No email, mobile number or full postal address held")


def personalisation_for(channel: str, personalisation: dict[str, str]) -> dict[str, str]:
    if channel != Channel.SMS:
        return dict(personalisation)
    return {k: v for k, v in personalisation.items() if k not in SMS_WITHHELD_FIELDS}


# What each message says, for the development outbox and the staff record. The live wording
# is in the Notify templates named by settings.NOTIFY_TEMPLATES; keep the two in step.
PREVIEW_TEXT: dict[str, str] = {
    "referral_received": (
        "We have received the referral for {carer_name}. Your reference is {reference}. "
        "We will contact {carer_name} within {triage_days} working days."
    ),
    "portal_invitation": (
        "You can now see your support plan and emergency card online. {invitation} "
        "This expires on {expires_on}."
    ),
    "acting_for_invitation": (
        "{carer_name} has asked us to let you see their support plan and emergency card "
        "online. {invitation} This expires on {expires_on}."
    ),
    "review_due": "Your carer's support review is due by {due_on}. We will contact you to arrange it.",
    "review_booked": "Your carer's support review is booked for {review_on}.",
    "card_issued": "Your carers emergency card has been issued.{card_line} Emergency number: {emergency_number}.",
    "card_reissued": "Your carers emergency card has been replaced.{card_line} Emergency number: {emergency_number}.",
    "plan_agreed": "Your support plan has been agreed. You can see it in your online account or ask us for a copy.",
}


def preview(kind: str, channel: str, personalisation: dict[str, str]) -> str:
    values = dict.fromkeys(
        ("carer_name", "reference", "triage_days", "invitation", "expires_on", "due_on"), ""
    ) | {"review_on": "", "emergency_number": "", **personalisation}
    card = values.get("card_number", "")
    values["card_line"] = f" Card number: {card}." if card and channel != Channel.SMS else ""
    return PREVIEW_TEXT[kind].format(**values)


def without_secrets(personalisation: dict[str, str], body: str) -> tuple[dict[str, str], str]:
    """The message's values and words with any one-time code or link taken out."""
    values = dict(personalisation)
    for name in SECRET_FIELDS & values.keys():
        if values[name]:
            body = body.replace(values[name], REMOVED_ONCE_SENT)
            values[name] = REMOVED_ONCE_SENT
    return values, body
