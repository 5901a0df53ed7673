from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import record_opened_to_edit
from emergency_cards import forms, rules, selectors, services
from emergency_cards.models import EmergencyPlan, PlanStatus
from emergency_cards.pdf import card_pdf_render

PAGE_SIZE = 25
CASEWORK = tuple(CASEWORK_ROLES)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _plan_for(request: HttpRequest, plan_id: int) -> EmergencyPlan:
    return get_object_or_404(selectors.plan_list_visible_to(request.user), pk=plan_id)


def _record_view(request: HttpRequest, plan: EmergencyPlan, action=AccessEvent.Action.VIEW):
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id, action=action)


def _cared_for_choices(carer) -> list[tuple[int, str]]:
    return [(link.cared_for_id, str(link.cared_for)) for link in carer.relationships.all()]


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Staff ---------------------------------------------------------------------------------


@role_required(*CASEWORK)
def plan_list(request: HttpRequest) -> HttpResponse:
    """Cards due for review in the user's teams, and a carer search to register a new one."""
    search = forms.CarerSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    carers = selectors.carer_search(user=request.user, query=query)[:25] if query else None
    page = _page(request, selectors.plan_review_list_visible_to(request.user))
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


@role_required(*CASEWORK)
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
            _apply_service_errors(form, error)
        else:
            card = plan.current_card
            messages.success(
                request, f"Emergency card {card.formatted_number} issued for {carer.full_name}"
            )
            return redirect(done_url_name, plan_id=plan.pk)
    return render(request, template, {"form": form, "carer": carer})


@role_required(*CASEWORK)
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


@role_required(*CASEWORK)
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
        },
    )


@role_required(*CASEWORK)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    if plan.status == PlanStatus.CLOSED:
        raise Http404
    record_opened_to_edit(request, plan)
    choices = [(plan.cared_for_id, str(plan.cared_for))]
    form = forms.PlanForm(
        request.POST or None,
        cared_for_choices=choices,
        key_access_recorded=plan.key_access_recorded,
        initial=forms.PlanForm.initial_for(plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                version=form.cleaned_data["version"],
                contacts=form.contacts(),
                key_access=form.key_access_change(),
                **form.plan_fields(),
            )
        except services.ConflictError:
            plan.refresh_from_db()
            form.note_conflict(current_version=plan.version)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, "The plan has been updated")
            return redirect("emergency_cards:plan-detail", plan_id=plan.pk)
    return render(
        request, "emergency_cards/plan_form.html", {"form": form, "carer": plan.carer, "plan": plan}
    )


def _status_change(
    request,
    plan_id,
    *,
    form_class,
    action,
    template,
    title,
    done_message,
    allowed_statuses,
    roles_detail="emergency_cards:plan-detail",
):
    plan = _plan_for(request, plan_id)
    if plan.status not in allowed_statuses:
        raise Http404
    form = form_class(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "confirmed"}}
        try:
            action(plan=plan, version=form.cleaned_data["version"], **data)
        except services.ConflictError:
            plan.refresh_from_db()
            form.note_conflict(current_version=plan.version)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect(roles_detail, plan_id=plan.pk)
    return render(request, template, {"form": form, "plan": plan, "title": title})


@role_required(*CASEWORK)
def plan_reissue(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _status_change(
        request,
        plan_id,
        form_class=forms.ReissueForm,
        action=services.card_reissue,
        template="emergency_cards/plan_action.html",
        title="Issue a new card",
        done_message="A new card number has been issued. The old number no longer works.",
        allowed_statuses={PlanStatus.ACTIVE, PlanStatus.SUSPENDED},
    )


@role_required(*CASEWORK)
def plan_suspend(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _status_change(
        request,
        plan_id,
        form_class=forms.SuspendForm,
        action=services.plan_suspend,
        template="emergency_cards/plan_action.html",
        title="Suspend the card",
        done_message="The card is suspended. A look-up will say it is not in use.",
        allowed_statuses={PlanStatus.ACTIVE},
    )


@role_required(*CASEWORK)
def plan_reinstate(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _status_change(
        request,
        plan_id,
        form_class=forms.ReinstateForm,
        action=services.plan_reinstate,
        template="emergency_cards/plan_action.html",
        title="Put the card back in use",
        done_message="The card is back in use",
        allowed_statuses={PlanStatus.SUSPENDED},
    )


@role_required(*CASEWORK)
def plan_close(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _status_change(
        request,
        plan_id,
        form_class=forms.CloseForm,
        action=services.plan_close,
        template="emergency_cards/plan_action.html",
        title="Close the card",
        done_message="The card is closed. It can no longer be looked up.",
        allowed_statuses={PlanStatus.ACTIVE, PlanStatus.SUSPENDED},
    )


@role_required(*CASEWORK, Role.CARER)
def plan_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The annual re-confirmation, by the carer online or by a worker."""
    is_carer = request.user.role == Role.CARER
    return _status_change(
        request,
        plan_id,
        form_class=forms.ConfirmForm,
        action=services.plan_confirm,
        template="emergency_cards/plan_confirm.html",
        title="Confirm the emergency plan",
        done_message="Thank you. The plan is confirmed for another 12 months.",
        allowed_statuses={PlanStatus.ACTIVE, PlanStatus.SUSPENDED},
        roles_detail="emergency_cards:my-plan" if is_carer else "emergency_cards:plan-detail",
    )


@role_required(*CASEWORK, Role.CARER)
def card_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    card = plan.current_card
    if card is None or plan.status == PlanStatus.CLOSED:
        raise Http404
    _record_view(request, plan, action=AccessEvent.Action.DOWNLOAD)
    response = HttpResponse(card_pdf_render(card=card), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="carers-emergency-card.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*CASEWORK, Role.RESPONDER)
def activation_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    if plan.status != PlanStatus.ACTIVE:
        raise Http404
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
            _apply_service_errors(form, error)
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
