"""Compare a referral with a possible existing record before linking them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carers_portal.accounts.services import access_event_record
from carers_portal.versioning import EditConflict
from triage import duplicates, selectors
from triage.tray_forms import LinkCompareForm
from triage.views.common import casework_required, referral_for


@casework_required
def referral_compare(request: HttpRequest, reference: str, carer_pk: int) -> HttpResponse:
    referral = referral_for(request, reference)
    if referral.carer_id is not None:
        return redirect("triage:referral-detail", reference=referral.reference)
    carer = get_object_or_404(selectors.carer_list_visible_to(request.user), pk=carer_pk)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    rows = duplicates.comparison(referral=referral, carer=carer)
    take_choices = [(row.choice, f"{row.label}: {row.on_referral}") for row in rows if row.choice]
    kwargs = {
        "take_choices": take_choices,
        "cared_for_choices": duplicates.cared_for_choices(referral=referral, carer=carer),
    }
    form = LinkCompareForm(
        request.POST or None,
        initial={
            "version": referral.version,
            "carer_version": carer.version,
            "cared_for": duplicates.likely_cared_for(referral=referral, carer=carer),
        },
        **kwargs,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            duplicates.referral_link_compared(
                referral=referral,
                version=data["version"],
                carer=carer,
                carer_version=data["carer_version"],
                take=set(data.get("take", [])),
                cared_for=data["cared_for"],
            )
        except EditConflict:
            # Someone saved the referral or the record meanwhile: show them as they are now,
            # with the worker's choices kept, to decide again.
            referral.refresh_from_db()
            carer.refresh_from_db()
            data = request.POST.copy()
            data["version"], data["carer_version"] = referral.version, carer.version
            form = LinkCompareForm(data, **kwargs)
            form.is_valid()
            form.add_error(None, EditConflict("record").message)
            rows = duplicates.comparison(referral=referral, carer=carer)
            status = 409
        else:
            taken = ", ".join(label for key, label in take_choices if key in data.get("take", []))
            messages.success(
                request,
                f"Referral linked to the record for {carer}."
                + (
                    f" Taken from the referral: {taken}."
                    if taken
                    else " Nothing on the record was changed."
                ),
            )
            return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request,
        "triage/referral_compare.html",
        {"referral": referral, "carer": carer, "rows": rows, "form": form},
        status=status,
    )
