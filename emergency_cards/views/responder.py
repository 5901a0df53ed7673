"""The 24-hour responder: look a card up by number, read the plan, record the emergency."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from carers_portal.pages import add_service_errors
from emergency_cards import forms, selectors, services
from emergency_cards.views.common import casework_or_responder_required, plan_for, record_view


@casework_or_responder_required
def activation_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id, action="record_emergency")
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
    plan = plan_for(request, plan_id)
    record_view(request, plan)
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
