"""The invitation letter a worker prints and posts: the code, where to go, until when, and the
username, in plain words. Tagged for screen readers like every PDF the service gives people
(carers_portal/documents.py). Made once, when the invitation is: the code is in no table."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from carers_portal.documents import accessible_pdf
from online_accounts import rules
from online_accounts.models import Invitation


def letter_context(*, invitation: Invitation, code: str) -> dict:
    carer = invitation.carer
    grant = invitation.acting_for
    return {
        "recipient_lines": invitation.recipient.splitlines(),
        "dated": timezone.localdate(),
        "greeting_name": grant.first_name if grant else carer.first_name,
        "carer": carer,
        "acting_for": grant,
        "address": invitation.site_url + reverse("online_accounts:activate"),
        "code": rules.code_display(code),
        "username": invitation.user.username,
        "expires_on": timezone.localtime(invitation.expires_at).date(),
        "team_phone": carer.team.phone or settings.SERVICE_PHONE_NUMBER,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }


def invitation_letter_pdf(*, invitation: Invitation, code: str) -> bytes:
    html = render_to_string(
        "online_accounts/letter_pdf.html", letter_context(invitation=invitation, code=code)
    )
    return accessible_pdf(html=html)
