"""Staff pages: cards due for review, a carer's cards, registering, a plan, editing it, the PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import (
    CONFLICT_STATUS,
    add_service_errors,
    paginate,
    rebind_after_conflict,
    record_opened_to_edit,
)
from carers_portal.versioning import EditConflict
from emergency_cards import forms, rules, selectors, services
from emergency_cards.pdf import card_pdf_render
from emergency_cards.views.common import (
    cared_for_choices,
    casework_or_carer_required,
    casework_required,
    plan_for,
    record_view,
    register_page,
)
from triage.case_notes import case_note_list_about


@casework_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Cards due for review in the user's teams, and a carer search to register a new one."""
    search = forms.CarerSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    carers = selectors.carer_search(user=request.user, query=query)[:25] if query else None
    page = paginate(request, selectors.plan_review_list_visible_to(request.user))
    return render(
        request,
        "emergency_cards/plan_list.html",
        {
            "search": search,
            "query": query,
            "carers": carers,
            "page_obj": page,
            "today": timezone.localdate(),
        },
    )


@casework_required
def carer_cards(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = selectors.carer_for_emergency_card(user=request.user, carer_id=carer_id)
    plans = list(selectors.plans_for_carer(user=request.user, carer_id=carer.pk))
    activations = selectors.activation_list_visible_to(request.user).filter(plan__carer=carer)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    return render(
        request,
        "emergency_cards/carer_cards.html",
        {
            "carer": carer,
            "plans": plans,
            "activations": activations,
            "can_register": bool(cared_for_choices(carer)),
        },
    )


@casework_required
def plan_register(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = selectors.carer_for_emergency_card(user=request.user, carer_id=carer_id)
    if not cared_for_choices(carer):
        raise Http404
    return register_page(
        request,
        carer,
        template="emergency_cards/plan_form.html",
        done_url_name="emergency_cards:plan-detail",
    )


@casework_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id)
    record_view(request, plan)
    activations = selectors.activation_list_visible_to(request.user).filter(plan=plan)
    state, reason = rules.review_state(review_due=plan.review_due, today=timezone.localdate())
    return render(
        request,
        "emergency_cards/plan_detail.html",
        {
            "plan": plan,
            "card": plan.current_card,
            "activations": activations,
            "review_state": state,
            "review_reason": reason,
            "actions": rules.actions_from(plan.status),
            "case_notes": case_note_list_about(
                user=request.user, carer=plan.carer, kind="emergency_card", object_id=plan.pk
            ),
            "case_note_about": f"emergency_card:{plan.pk}",
        },
    )


@casework_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id, action="edit")
    record_opened_to_edit(request, plan)
    form_kwargs = {
        "cared_for_choices": [(plan.cared_for_id, str(plan.cared_for))],
        "key_access_recorded": plan.key_access_recorded,
    }
    form = forms.PlanForm(
        request.POST or None, initial=forms.PlanForm.initial_for(plan), **form_kwargs
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                version=form.cleaned_data["version"],
                contacts=form.contacts(),
                key_access=form.key_access_change(),
                **form.plan_fields(),
            )
        except EditConflict as conflict:
            plan.refresh_from_db()
            form = rebind_after_conflict(forms.PlanForm, request, conflict, **form_kwargs)
            status = CONFLICT_STATUS
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan has been updated")
            return redirect("emergency_cards:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "emergency_cards/plan_form.html",
        {"form": form, "carer": plan.carer, "plan": plan},
        status=status,
    )


@casework_or_carer_required
def card_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id, action="download_card")
    card = plan.current_card
    if card is None:
        raise Http404
    record_view(request, plan, action=AccessEvent.Action.DOWNLOAD)
    response = HttpResponse(card_pdf_render(card=card), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="carers-emergency-card.pdf"'
    response["Cache-Control"] = "no-store"
    return response
