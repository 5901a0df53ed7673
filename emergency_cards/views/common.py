"""What the emergency card pages share: role gates, the plan in scope, registering a plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carers_portal.accounts.access import role_required
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import add_service_errors
from emergency_cards import forms, rules, selectors, services
from emergency_cards.models import EmergencyPlan

casework_required = role_required(*CASEWORK_ROLES)
# The carer re-confirms and prints their own card; responders record the emergencies.
casework_or_carer_required = role_required(*CASEWORK_ROLES, Role.CARER)
casework_or_responder_required = role_required(*CASEWORK_ROLES, Role.RESPONDER)


def plan_for(request: HttpRequest, plan_id: int, *, action: str | None = None) -> EmergencyPlan:
    """The plan in the user's scope, and (given `action`) in a status that allows it; else 404."""
    plan = get_object_or_404(selectors.plan_list_visible_to(request.user), pk=plan_id)
    if action is not None and not rules.transition_check(action=action, status=plan.status).ok:
        raise Http404
    return plan


def record_view(request: HttpRequest, plan: EmergencyPlan, action=AccessEvent.Action.VIEW):
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id, action=action)


def cared_for_choices(carer) -> list[tuple[int, str]]:
    return [(link.cared_for_id, str(link.cared_for)) for link in carer.relationships.all()]


def register_page(
    request: HttpRequest, carer, *, template: str, done_url_name: str
) -> HttpResponse:
    choices = cared_for_choices(carer)
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
