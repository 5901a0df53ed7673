"""Emergency card pages: staff register and look after plans, responders look cards up,
carers see and re-confirm their own.

Every plan page starts from selectors.plan_list_visible_to, so a plan out of scope is 404;
what a plan's status allows comes from rules.TRANSITIONS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import CONFLICT_STATUS, add_service_errors, paginate, rebind_after_conflict
from carers_portal.versioning import EditConflict
from emergency_cards import forms, rules, selectors, services
from emergency_cards.models import EmergencyPlan
from emergency_cards.pdf import card_pdf_render

casework_required = role_required(*CASEWORK_ROLES)
# The carer re-confirms and prints their own card; responders record the emergencies.
casework_or_carer_required = role_required(*CASEWORK_ROLES, Role.CARER)
casework_or_responder_required = role_required(*CASEWORK_ROLES, Role.RESPONDER)


def _plan_for(request: HttpRequest, plan_id: int, *, action: str | None = None) -> EmergencyPlan:
    """The plan in the user's scope, and (given `action`) in a status that allows it; else 404."""
    plan = get_object_or_404(selectors.plan_list_visible_to(request.user), pk=plan_id)
    if action is not None and not rules.transition_check(action=action, status=plan.status).ok:
        raise Http404
    return plan


def _record_view(request: HttpRequest, plan: EmergencyPlan, action=AccessEvent.Action.VIEW):
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id, action=action)


def _cared_for_choices(carer) -> list[tuple[int, str]]:
    return [(link.cared_for_id, str(link.cared_for)) for link in carer.relationships.all()]


# --- Staff ---------------------------------------------------------------------------------


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
            "can_register": bool(_cared_for_choices(carer)),
        },
    )


def _register(request: HttpRequest, carer, *, template: str, done_url_name: str) -> HttpResponse:
    choices = _cared_for_choices(carer)
    form = forms.PlanForm(request.POST or None, cared_for_choices=choices, initial={"version": 0})
    if request.method == "POST" and form.is_valid():
        person = next(
            link.cared_for
            for link in carer.relationships.all()
            if link.cared_for_id == form.cleaned_data["cared_for"]
        )
        try:
            plan = services.plan_register(
                carer=carer,
                cared_for=person,
                contacts=form.contacts(),
                registered_by=request.user,
                key_access=form.cleaned_data["key_access"],
                **form.plan_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            card = plan.current_card
            messages.success(
                request, f"Emergency card {card.formatted_number} issued for {carer.full_name}"
            )
            return redirect(done_url_name, plan_id=plan.pk)
    return render(request, template, {"form": form, "carer": carer})


@casework_required
def plan_register(request: HttpRequest, carer_id: int) -> HttpResponse:
    carer = selectors.carer_for_emergency_card(user=request.user, carer_id=carer_id)
    if not _cared_for_choices(carer):
        raise Http404
    return _register(
        request,
        carer,
        template="emergency_cards/plan_form.html",
        done_url_name="emergency_cards:plan-detail",
    )


@casework_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _record_view(request, plan)
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
        },
    )


@casework_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id, action="edit")
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


@dataclass(frozen=True)
class StatusAction:
    form_class: type
    service: Callable
    title: str
    done_message: str
    template: str = "emergency_cards/plan_action.html"


# One page per action in rules.TRANSITIONS that staff take from the plan's page.
STATUS_ACTIONS = {
    "reissue": StatusAction(
        forms.ReissueForm,
        services.card_reissue,
        "Issue a new card",
        "A new card number has been issued. The old number no longer works.",
    ),
    "suspend": StatusAction(
        forms.SuspendForm,
        services.plan_suspend,
        "Suspend the card",
        "The card is suspended. A look-up will say it is not in use.",
    ),
    "reinstate": StatusAction(
        forms.ReinstateForm,
        services.plan_reinstate,
        "Put the card back in use",
        "The card is back in use",
    ),
    "close": StatusAction(
        forms.CloseForm,
        services.plan_close,
        "Close the card",
        "The card is closed. It can no longer be looked up.",
    ),
    "confirm": StatusAction(
        forms.ConfirmForm,
        services.plan_confirm,
        "Confirm the emergency plan",
        "Thank you. The plan is confirmed for another 12 months.",
        template="emergency_cards/plan_confirm.html",
    ),
}


def _status_action(request: HttpRequest, plan_id: int, action: str, *, done_url_name: str):
    spec = STATUS_ACTIONS[action]
    plan = _plan_for(request, plan_id, action=action)
    form = spec.form_class(request.POST or None, initial={"version": plan.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "confirmed"}}
        try:
            spec.service(plan=plan, version=form.cleaned_data["version"], **data)
        except EditConflict as conflict:
            plan.refresh_from_db()
            form = rebind_after_conflict(spec.form_class, request, conflict)
            status = CONFLICT_STATUS
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, spec.done_message)
            return redirect(done_url_name, plan_id=plan.pk)
    return render(
        request, spec.template, {"form": form, "plan": plan, "title": spec.title}, status=status
    )


@casework_required
def plan_status_action(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    """Issue a new card, suspend, reinstate or close: the action comes from the URL."""
    return _status_action(request, plan_id, action, done_url_name="emergency_cards:plan-detail")


@casework_or_carer_required
def plan_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The annual re-confirmation, by the carer online or by a worker."""
    is_carer = request.user.role == Role.CARER
    return _status_action(
        request,
        plan_id,
        "confirm",
        done_url_name="emergency_cards:my-plan" if is_carer else "emergency_cards:plan-detail",
    )


@casework_or_carer_required
def card_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id, action="download_card")
    card = plan.current_card
    if card is None:
        raise Http404
    _record_view(request, plan, action=AccessEvent.Action.DOWNLOAD)
    response = HttpResponse(card_pdf_render(card=card), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="carers-emergency-card.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@casework_or_responder_required
def activation_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id, action="record_emergency")
    now = timezone.localtime()
    form = forms.ActivationForm(
        request.POST or None,
        contacts=plan.contacts.all(),
        initial={"occurred_on": now.date(), "occurred_time": now.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activation_record(
                plan=plan,
                recorded_by=request.user,
                occurred_at=data["occurred_at"],
                caller_name=data["caller_name"],
                caller_type=data["caller_type"],
                what_happened=data["what_happened"],
                details=data["details"],
                outcome=data["outcome"],
                attempts=form.attempts(),
                replacement_care_arranged=data["replacement_care_arranged"],
                replacement_care_provider=data["replacement_care_provider"],
                replacement_care_hours=data["replacement_care_hours"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The emergency has been recorded")
            if request.user.role == Role.RESPONDER:
                return redirect("emergency_cards:lookup-plan", plan_id=plan.pk)
            return redirect("emergency_cards:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "emergency_cards/activation_form.html",
        {"form": form, "plan": plan, "free_hours": services.free_replacement_hours()},
    )


# --- 24-hour responder ---------------------------------------------------------------------


@role_required(Role.RESPONDER)
def lookup(request: HttpRequest) -> HttpResponse:
    form = forms.LookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.card_lookup(
                request=request,
                card_number=form.cleaned_data["card_number"],
                reason=form.cleaned_data["reason"],
            )
        except services.LookupRefused as error:
            if error.kind == "throttled":
                status = 429
                form.add_error(None, error.message)
            else:
                form.add_error("card_number", error.message)
        else:
            return redirect("emergency_cards:lookup-plan", plan_id=plan.pk)
    return render(request, "emergency_cards/lookup.html", {"form": form}, status=status)


@role_required(Role.RESPONDER)
def lookup_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan a responder has looked up by card number: read-only, key access shown."""
    plan = _plan_for(request, plan_id)
    _record_view(request, plan)
    return render(
        request,
        "emergency_cards/lookup_plan.html",
        {
            "plan": plan,
            "card": plan.current_card,
            "free_hours": services.free_replacement_hours(),
            "activations": selectors.activation_list_visible_to(request.user).filter(plan=plan),
        },
    )


# --- Carers ----------------------------------------------------------------------------------


def _own_carer(request: HttpRequest):
    carer = selectors.own_carer_record(request.user)
    if carer is None:
        raise Http404
    return carer


@role_required(Role.CARER)
def my_cards(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    plans = list(selectors.plans_for_carer(user=request.user, carer_id=carer.pk))
    return render(
        request,
        "emergency_cards/my_cards.html",
        {"carer": carer, "plans": plans, "can_register": bool(_cared_for_choices(carer))},
    )


@role_required(Role.CARER)
def my_register(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    if not _cared_for_choices(carer):
        raise Http404
    return _register(
        request,
        carer,
        template="emergency_cards/my_register.html",
        done_url_name="emergency_cards:my-plan",
    )


@role_required(Role.CARER)
def my_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _record_view(request, plan)
    state, reason = rules.review_state(review_due=plan.review_due, today=timezone.localdate())
    return render(
        request,
        "emergency_cards/my_plan.html",
        {"plan": plan, "card": plan.current_card, "review_state": state, "review_reason": reason},
    )
