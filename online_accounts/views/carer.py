"""The carer's own page of people who may see their plan and card: give, and end, access."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import add_service_errors
from online_accounts import selectors, services
from online_accounts.forms import EndAccessForm, MyActingForForm
from online_accounts.models import ConsentSource
from online_accounts.views.common import site_url_for
from triage.selectors import carer_list_visible_to


def _own_carer(request: HttpRequest):
    carer = carer_list_visible_to(request.user).first()
    if carer is None:
        raise Http404
    return carer


@role_required(Role.CARER)
def my_acting_for(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    return render(
        request,
        "online_accounts/my_acting_for.html",
        {"carer": carer, "people": selectors.acting_for_list_for_carer(carer=carer)},
    )


@role_required(Role.CARER)
def my_acting_for_add(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    form = MyActingForForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.acting_for_give(
                carer=carer,
                by=request.user,
                consent=ConsentSource.CARER_ONLINE,
                site_url=site_url_for(request),
                **form.service_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            grant = issued.invitation.acting_for
            how = issued.invitation.get_channel_display().lower()
            messages.success(
                request,
                f"{grant.full_name} can see your plan and card until "
                f"{grant.expires_on:%-d %B %Y}. We are sending them an invitation by {how}.",
            )
            return redirect("online_accounts:my-acting-for")
    return render(request, "online_accounts/my_acting_for_form.html", {"form": form})


@role_required(Role.CARER)
def my_acting_for_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _own_carer(request)
    grant = selectors.acting_for_for_carer(carer=carer, pk=pk)
    if grant is None:
        raise Http404
    form = EndAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.acting_for_revoke(grant=grant, by=request.user)
        messages.success(request, f"{grant.full_name} can no longer see your plan and card.")
        return redirect("online_accounts:my-acting-for")
    return render(
        request,
        "online_accounts/my_acting_for_revoke.html",
        {"grant": grant, "form": form},
    )
