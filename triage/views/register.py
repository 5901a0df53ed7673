"""The carers register: search, a carer's record, editing it, adding a cared-for person."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal.accounts.selectors import access_event_list_for_carer
from carers_portal.accounts.services import access_event_record
from triage import selectors, services
from triage.exceptions import EditConflict
from triage.forms import CaredForAddForm, CarerEditForm, CarerSearchForm
from triage.record_panels import carer_record_panels_render
from triage.views.common import (
    _carer_for,
    _page,
    _query_without_page,
    _with_version,
    casework_required,
)


@casework_required
def carer_list(request: HttpRequest) -> HttpResponse:
    form = CarerSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = _page(request, selectors.carer_search(user=request.user, query=query))
    return render(
        request,
        "triage/carer_list.html",
        {"form": form, "page_obj": page, "query_string": _query_without_page(request)},
    )


@casework_required
def carer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    return render(
        request,
        "triage/carer_detail.html",
        {
            "carer": carer,
            "relationships": list(selectors.caring_relationships_for(carer)),
            "referrals": list(selectors.referral_list_for_carer(user=request.user, carer=carer)),
            "history": selectors.carer_history(carer),
            "views": list(access_event_list_for_carer(carer_id=carer.pk)[:20]),
            "record_panels": carer_record_panels_render(request=request, carer=carer),
        },
    )


CARER_FORM_FIELDS = [name for name in CarerEditForm.base_fields if name != "version"]


@casework_required
def carer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    if not request.user.has_perm("triage.change_carer", carer):
        raise Http404
    initial = {name: getattr(carer, name) for name in CARER_FORM_FIELDS}
    initial["version"] = carer.version
    form = CarerEditForm(request.POST or None, initial=initial)
    status, current = 200, None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CARER_FORM_FIELDS}
        try:
            services.carer_update(carer=carer, version=form.cleaned_data["version"], **changes)
        except EditConflict as error:
            carer.refresh_from_db()
            # Keep what was typed; show what is saved now, so a second save is a decision.
            form = CarerEditForm(_with_version(request, carer.version))
            form.is_valid()
            form.add_error(None, str(error))
            current = [
                (form.fields[name].label, getattr(carer, name))
                for name in CARER_FORM_FIELDS
                if getattr(carer, name) != changes[name]
            ]
            status = 409
        else:
            messages.success(request, "Carer's details saved.")
            return redirect("triage:carer-detail", pk=carer.pk)
    return render(
        request,
        "triage/carer_form.html",
        {"form": form, "carer": carer, "current": current},
        status=status,
    )


@casework_required
def cared_for_add(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    form = CaredForAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cared_for_person_add(carer=carer, **form.cleaned_data)
        messages.success(request, "Cared-for person added.")
        return redirect("triage:carer-detail", pk=carer.pk)
    return render(request, "triage/cared_for_form.html", {"form": form, "carer": carer})
