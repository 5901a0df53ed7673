"""The carers register: search, a carer's record, editing it, adding a cared-for person."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal.accounts.selectors import access_event_list_for_carer
from carers_portal.accounts.services import access_event_record
from carers_portal.keyset import paginate_keyset
from carers_portal.pages import CONFLICT_STATUS, query_without_page, record_opened_to_edit
from triage import selectors, services
from triage.change_requests import change_requests_pending_for
from triage.forms import CaredForAddForm, CarerEditForm, CarerSearchForm
from triage.record_panels import carer_record_panels_render
from triage.restrictions import active_restriction_for
from triage.views.common import carer_for, casework_required, versioned_form_post


@casework_required
def carer_list(request: HttpRequest) -> HttpResponse:
    form = CarerSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate_keyset(
        request, selectors.carer_search(user=request.user, query=query), keys=selectors.NAME_KEYS
    )
    return render(
        request,
        "triage/carer_list.html",
        {"form": form, "page_obj": page, "query_string": query_without_page(request)},
    )


@casework_required
def carer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    return render(
        request,
        "triage/carer_detail.html",
        {
            "carer": carer,
            "relationships": list(selectors.caring_relationships_for(carer)),
            "referrals": selectors.referrals_of_carer_on_record(user=request.user, carer=carer),
            "history": selectors.carer_history(carer),
            "views": list(access_event_list_for_carer(carer_id=carer.pk)[:20]),
            "record_panels": carer_record_panels_render(request=request, carer=carer),
            "restriction": active_restriction_for(carer),
            "pending_changes": list(change_requests_pending_for(carer=carer)),
        },
    )


CARER_FORM_FIELDS = [name for name in CarerEditForm.base_fields if name != "version"]


@casework_required
def carer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    record_opened_to_edit(request, carer)
    initial = {name: getattr(carer, name) for name in CARER_FORM_FIELDS}
    initial["version"] = carer.version

    def save(data):
        changes = {name: data[name] for name in CARER_FORM_FIELDS}
        services.carer_update(carer=carer, version=data["version"], **changes)

    post = versioned_form_post(request, CarerEditForm, initial=initial, save=save)
    if post.saved:
        messages.success(request, "Carer's details saved.")
        return redirect("triage:carer-detail", pk=carer.pk)
    current = None
    if post.status == CONFLICT_STATUS:
        # What is saved now beside what was typed, so a second save is a decision.
        carer.refresh_from_db()
        form = post.form
        current = [
            (form.fields[name].label, getattr(carer, name))
            for name in CARER_FORM_FIELDS
            if getattr(carer, name) != form.cleaned_data.get(name)
        ]
    return render(
        request,
        "triage/carer_form.html",
        {"form": post.form, "carer": carer, "current": current},
        status=post.status,
    )


@casework_required
def cared_for_add(request: HttpRequest, pk: int) -> HttpResponse:
    carer = carer_for(request, pk)
    form = CaredForAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cared_for_person_add(carer=carer, **form.cleaned_data)
        messages.success(request, "Cared-for person added.")
        return redirect("triage:carer-detail", pk=carer.pk)
    return render(request, "triage/cared_for_form.html", {"form": form, "carer": carer})
