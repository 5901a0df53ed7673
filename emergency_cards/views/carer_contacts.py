"""The carer's own emergency contacts: change one or add one, check, send to the team.

The plan changes only when a worker accepts (triage/change_requests.py); until then the
contacts a responder would phone stay as they were, and the page says what is waiting.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from emergency_cards import rules
from emergency_cards.contact_changes import SUBJECT, describe, plan_values, slot_key
from emergency_cards.forms.carer_contacts import ContactChangeForm
from emergency_cards.models import EmergencyPlan
from emergency_cards.views.common import plan_for, record_view
from triage.change_drafts import draft_clear, draft_get, draft_set, service_error_links
from triage.change_requests import carer_change_history
from triage.services import change_request_create

carer_required = role_required(Role.CARER)


def _editable_plan(request: HttpRequest, plan_id: int) -> EmergencyPlan:
    return plan_for(request, plan_id, action="edit")


def _scope(plan: EmergencyPlan) -> str:
    return f"{SUBJECT}:{plan.pk}"


def _slots(current: dict, draft: dict) -> list[int]:
    return sorted(int(key.removeprefix("contact_")) for key in {**current, **draft})


@carer_required
def my_contacts(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    record_view(request, plan)
    current = plan_values(plan)
    draft = draft_get(request, _scope(plan))
    slots = _slots(current, draft)
    contacts = [
        {
            "slot": slot,
            "lines": describe(slot_key(slot), current.get(slot_key(slot)))[1],
            "draft": describe(slot_key(slot), draft[slot_key(slot)])[1]
            if slot_key(slot) in draft
            else None,
            "is_new": slot_key(slot) not in current,
        }
        for slot in slots
    ]
    return render(
        request,
        "emergency_cards/my_contacts.html",
        {
            "plan": plan,
            "contacts": contacts,
            "add_slot": len(slots) + 1 if len(slots) < rules.MAX_CONTACTS else None,
            "has_draft": bool(draft),
            **carer_change_history(carer=plan.carer, subject=SUBJECT, about_id=plan.pk),
        },
    )


@carer_required
def my_contact(request: HttpRequest, plan_id: int, slot: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    current = plan_values(plan)
    draft = draft_get(request, _scope(plan))
    # A new contact takes the next place, so the order a responder calls in has no gaps.
    if not 1 <= slot <= min(len(_slots(current, draft)) + 1, rules.MAX_CONTACTS):
        raise Http404
    key = slot_key(slot)
    form = ContactChangeForm(
        request.POST or None,
        initial=ContactChangeForm.initial_for(draft.get(key, current.get(key))),
    )
    if request.method == "POST" and form.is_valid():
        draft_set(request, _scope(plan), key, form.values(), current=current.get(key))
        return redirect("emergency_cards:my-contacts-check", plan_id=plan.pk)
    heading = f"Change emergency contact {slot}" if key in current else "Add an emergency contact"
    return render(
        request,
        "emergency_cards/my_contact.html",
        {
            "plan": plan,
            "form": form,
            "heading": heading,
            "back_url": reverse("emergency_cards:my-contacts", kwargs={"plan_id": plan.pk}),
        },
    )


@carer_required
def my_contacts_check(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    current = plan_values(plan)
    draft = draft_get(request, _scope(plan))
    errors = []
    if request.method == "POST" and draft:
        try:
            change = change_request_create(
                carer=plan.carer,
                subject=SUBJECT,
                after=draft,
                about_id=plan.pk,
                about_label=f"emergency plan for {plan.cared_for}",
                requested_by=request.user,
            )
        except ValidationError as error:
            errors = service_error_links(error, keys=draft, fallback="#changes")
        else:
            draft_clear(request, _scope(plan))
            messages.success(
                request,
                "Your changes have gone to your carers support team. They will check them by "
                f"{change.task.due_on:%A %-d %B %Y}. Until then the 24-hour service will call "
                "the contacts you had before.",
            )
            return redirect("emergency_cards:my-contacts", plan_id=plan.pk)
    rows = [
        {
            "key": key,
            "label": describe(key, value)[0],
            "lines": describe(key, value)[1],
            "was": describe(key, current.get(key))[1],
            "change_url": reverse(
                "emergency_cards:my-contact",
                kwargs={"plan_id": plan.pk, "slot": int(key.removeprefix("contact_"))},
            ),
        }
        for key, value in sorted(draft.items())
    ]
    more_url = reverse("emergency_cards:my-contacts", kwargs={"plan_id": plan.pk})
    return render(
        request,
        "emergency_cards/my_contacts_check.html",
        {
            "plan": plan,
            "rows": rows,
            "errors": errors,
            "error_title": bool(errors),
            "back_url": more_url,
            "more_url": more_url,
        },
        status=400 if errors else 200,
    )
