"""Case notes on the carer's record: the panel on the record and the page to add one.

A correction is a new note that amends the old one (`?amends=<id>`); nothing is edited.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from carers_portal.accounts.services import access_event_record
from carers_portal.contact_log import contact_log_entries
from carers_portal.pages import add_service_errors
from triage import case_notes, selectors
from triage.case_note_forms import CaseNoteForm
from triage.models import Carer
from triage.views.common import casework_required


def carer_case_notes_panel(request: HttpRequest, carer: Carer) -> SafeString:
    notes = list(case_notes.case_note_list_for_carer(user=request.user, carer=carer)[:50])
    for note in notes:
        note.about_url = case_notes.case_note_subject_url(note)
    referral_ids = [
        referral.pk
        for referral in selectors.referrals_of_carer_on_record(user=request.user, carer=carer)
    ]
    # The messages the service sent (and anything else another app registers) sit among
    # the notes in date order: the one list of every contact with the carer.
    sent = contact_log_entries(carer_id=carer.pk, referral_ids=referral_ids)
    rows = [{"note": note, "at": (note.occurred_on, note.created_at)} for note in notes] + [
        {"sent": entry, "at": (timezone.localdate(entry.occurred_at), entry.occurred_at)}
        for entry in sent
    ]
    rows.sort(key=lambda row: row["at"], reverse=True)
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "triage/partials/_case_notes.html",
        {"carer": carer, "rows": rows},
        request=request,
    )


@casework_required
def case_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    carer = get_object_or_404(selectors.carer_list_visible_to(request.user), pk=pk)
    amends = None
    if request.GET.get("amends", "").isdigit():
        amends = get_object_or_404(
            case_notes.case_note_list_for_carer(user=request.user, carer=carer),
            pk=int(request.GET["amends"]),
        )
        access_event_record(request=request, obj=amends, carer_id=carer.pk)
    about_choices = case_notes.case_note_subject_choices(user=request.user, carer=carer)
    initial = {"occurred_on": timezone.localdate()}
    # "Add a note" on an assessment, plan or card page starts with that record chosen.
    if request.GET.get("about") in dict(about_choices):
        initial["about"] = request.GET["about"]
    if amends is not None:
        initial.update(kind=amends.kind, about=_about_value(amends))
    form = CaseNoteForm(request.POST or None, about_choices=about_choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_notes.case_note_add(
                carer=carer,
                author=request.user,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                text=data["text"],
                about=data["about"],
                amends=amends,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Note saved on the carer's record")
            return redirect("triage:carer-detail", pk=carer.pk)
    return render(
        request,
        "triage/case_note_form.html",
        {"carer": carer, "form": form, "amends": amends},
    )


def _about_value(note) -> str:
    if note.referral_id:
        return f"referral:{note.referral_id}"
    return f"{note.about_kind}:{note.about_id}" if note.about_kind else ""
