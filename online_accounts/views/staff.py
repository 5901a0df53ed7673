"""The worker's pages from the carer's record: invite, send again, revoke; give, invite and
end access for someone acting for the carer. Casework staff of the carer's team only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carers_portal.pages import add_service_errors, record_opened_to_edit
from notifications.models import Channel
from online_accounts import selectors, services
from online_accounts.forms import ActingForForm, EndAccessForm, InviteForm, RevokeForm
from online_accounts.models import ConsentSource
from online_accounts.views.common import letter_ready, site_url_for
from triage.views.common import carer_for, casework_required


def _record(carer) -> str:
    return reverse("triage:carer-detail", kwargs={"pk": carer.pk})


def _sent_message(issued: services.Issued, name: str) -> str:
    how = issued.invitation.get_channel_display().lower()
    return f"Invitation for {name} sent by {how}. The code or link works once."


def _invite_page(request, *, carer, user, acting_for, template_context, send) -> HttpResponse:
    contact = services.contact_for(carer=carer, acting_for=acting_for)
    channels = services.channels_available(contact)
    form = InviteForm(
        request.POST or None,
        channels=channels,
        initial={"replaces": selectors.open_invitation_id(user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = send(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if issued.invitation.channel == Channel.LETTER:
                return letter_ready(request, issued, back_url=_record(carer))
            name = acting_for.full_name if acting_for else carer.full_name
            messages.success(request, _sent_message(issued, name))
            return redirect(_record(carer))
    return render(
        request,
        "online_accounts/invite.html",
        {
            "carer": carer,
            "form": form,
            "channels": channels,
            "acting_for": acting_for,
            "replacing": selectors.open_invitation_id(user) != 0,
            **template_context,
        },
    )


@casework_required
def carer_invite(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    record_opened_to_edit(request, carer)
    portal = selectors.portal_view_for(carer)
    if not portal.can_invite:
        messages.info(request, f"{carer.full_name} already has an online account.")
        return redirect(_record(carer))
    return _invite_page(
        request,
        carer=carer,
        user=carer.user,
        acting_for=None,
        template_context={"portal": portal},
        send=lambda data: services.carer_invite(
            carer=carer,
            by=request.user,
            channel=data["channel"],
            site_url=site_url_for(request),
            replaces=data["replaces"],
        ),
    )


@casework_required
def carer_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    portal = selectors.portal_view_for(carer)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_account_revoke(carer=carer, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{carer.full_name}'s online access is revoked.")
            return redirect(_record(carer))
    return render(
        request, "online_accounts/revoke.html", {"carer": carer, "portal": portal, "form": form}
    )


@casework_required
def acting_for_add(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    record_opened_to_edit(request, carer)
    form = ActingForForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.acting_for_give(
                carer=carer,
                by=request.user,
                consent=ConsentSource.CARER_TO_WORKER,
                site_url=site_url_for(request),
                **form.service_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if issued.invitation.channel == Channel.LETTER:
                return letter_ready(request, issued, back_url=_record(carer))
            messages.success(request, _sent_message(issued, issued.invitation.acting_for.full_name))
            return redirect(_record(carer))
    return render(request, "online_accounts/acting_for_form.html", {"carer": carer, "form": form})


def _grant(request: HttpRequest, pk: int, grant_pk: int):
    carer = carer_for(request, pk)
    grant = selectors.acting_for_for_carer(carer=carer, pk=grant_pk)
    if grant is None:
        raise Http404
    return carer, grant


@casework_required
def acting_for_invite(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    carer, grant = _grant(request, pk, grant_pk)
    return _invite_page(
        request,
        carer=carer,
        user=grant.user,
        acting_for=grant,
        template_context={},
        send=lambda data: services.acting_for_invite_again(
            grant=grant,
            by=request.user,
            channel=data["channel"],
            site_url=site_url_for(request),
            replaces=data["replaces"],
        ),
    )


@casework_required
def acting_for_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    carer, grant = _grant(request, pk, grant_pk)
    form = EndAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.acting_for_revoke(grant=grant, by=request.user)
        messages.success(request, f"{grant.full_name} can no longer see the plan and card.")
        return redirect(_record(carer))
    return render(
        request,
        "online_accounts/acting_for_revoke.html",
        {"carer": carer, "grant": grant, "form": form, "back_url": _record(carer)},
    )
