"""The home page of someone acting for a carer: whose plan and card they may read, and until
when. The sections come from the apps that own the plan and the card."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carers_portal.accounts.access import reads_only, role_required
from carers_portal.accounts.roles import Role
from online_accounts import selectors
from online_accounts.acting_for_sections import acting_for_sections_render


@role_required(Role.REPRESENTATIVE)
@reads_only
def acting_for_home(request: HttpRequest) -> HttpResponse:
    grants = list(selectors.live_acting_for(request.user).select_related("carer"))
    carers = [
        {"grant": grant, "sections": acting_for_sections_render(request=request, carer=grant.carer)}
        for grant in grants
    ]
    return render(request, "online_accounts/acting_for_home.html", {"carers": carers})
