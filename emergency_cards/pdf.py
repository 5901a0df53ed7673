"""The wallet card. It carries the card number, the 24-hour number and nothing personal."""

from django.conf import settings
from django.template.loader import render_to_string

from carers_portal.documents import accessible_pdf
from emergency_cards.models import EmergencyCard


def card_html(*, card: EmergencyCard) -> str:
    return render_to_string(
        "emergency_cards/card_pdf.html",
        {
            "card_number": card.formatted_number,
            "response_number": settings.EMERGENCY_RESPONSE_NUMBER,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def card_pdf_render(*, card: EmergencyCard) -> bytes:
    return accessible_pdf(html=card_html(card=card))
