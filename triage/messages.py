"""Messages about carers and referrals, through the notifications app.

Other apps build a carer's contact from here, so the channel rules (preferred method,
details held) are applied the same way for every message.
"""

from django.conf import settings

from notifications import rules as message_rules
from notifications.models import MessageKind
from notifications.services import message_queue
from triage.models import Carer, Referral, ReferralSource


def carer_contact(carer: Carer) -> message_rules.Contact:
    # The service writes to a carer about their own support as part of its public task; a
    # carer who prefers phone calls still gets a text or letter, never nothing.
    return message_rules.Contact(
        preferred={"phone": "phone", "email": "email", "text": "text", "post": "post"}.get(
            carer.preferred_contact, "email"
        ),
        consent=True,
        email=carer.email,
        phone=carer.phone,
        address_lines=(carer.full_name, carer.address_line_1, carer.address_line_2, carer.town),
        postcode=carer.postcode,
    )


def carer_message_queue(*, carer: Carer, kind: str, key: str, personalisation: dict, **kwargs):
    return message_queue(
        key=key,
        kind=kind,
        contact=carer_contact(carer),
        personalisation={"carer_name": carer.first_name, **personalisation},
        carer_id=carer.pk,
        team_id=carer.team_id,
        **kwargs,
    )


def _referrer_contact(referral: Referral) -> message_rules.Contact:
    if referral.source == ReferralSource.SELF:
        return message_rules.Contact(
            preferred=referral.preferred_contact,
            consent=referral.consent,
            email=referral.email,
            phone=referral.phone,
            address_lines=(
                referral.full_name,
                referral.address_line_1,
                referral.address_line_2,
                referral.town,
            ),
            postcode=referral.postcode,
        )
    # A professional gave one phone number or email address for replies.
    given = referral.referrer_contact.strip()
    if "@" in given:
        return message_rules.Contact(preferred="email", consent=True, email=given)
    return message_rules.Contact(preferred="text", consent=True, phone=given)


def referral_received_queue(referral: Referral) -> None:
    """Tell the person who referred that it arrived, with the reference, by their channel."""
    message_queue(
        key=f"referral_received:{referral.pk}",
        kind=MessageKind.REFERRAL_RECEIVED,
        contact=_referrer_contact(referral),
        personalisation={
            "carer_name": referral.full_name,
            "reference": referral.reference,
            "triage_days": str(
                settings.TRIAGE_URGENT_TRIAGE_WORKING_DAYS
                if referral.urgent_at_intake
                else settings.TRIAGE_TRIAGE_WORKING_DAYS
            ),
        },
        carer_id=referral.carer_id,
        referral_id=referral.pk,
        team_id=referral.team_id,
    )
