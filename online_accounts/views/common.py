"""What the online account pages share: the public address, the letter page."""

import base64

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from online_accounts.letters import invitation_letter_pdf
from online_accounts.services import Issued
from online_accounts.services.invitations import expires_on_words


def site_url_for(request: HttpRequest) -> str:
    """The address people are told to visit: the service's public one when set."""
    return settings.SERVICE_BASE_URL or request.build_absolute_uri("/").rstrip("/")


def letter_ready(request: HttpRequest, issued: Issued, *, back_url: str) -> HttpResponse:
    """The page with the letter to download. The PDF travels inside this one answer (as a
    data: link): its code is kept nowhere, so leaving without it means sending a new one."""
    pdf = invitation_letter_pdf(invitation=issued.invitation, code=issued.code)
    invitation = issued.invitation
    return render(
        request,
        "online_accounts/letter_ready.html",
        {
            "invitation": invitation,
            "recipient": ", ".join(invitation.recipient.splitlines()),
            "expires_on": expires_on_words(invitation),
            "pdf_href": "data:application/pdf;base64," + base64.b64encode(pdf).decode(),
            "back_url": back_url,
        },
    )
