"""The carer's online account on their record: its status, and the people acting for them."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from online_accounts import selectors
from triage.models import Carer


def carer_online_account_panel(request: HttpRequest, carer: Carer) -> SafeString:
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "online_accounts/partials/_record_panel.html",
        {
            "carer": carer,
            "portal": selectors.portal_view_for(carer),
            "people": selectors.acting_for_list_for_carer(carer=carer),
        },
        request=request,
    )
