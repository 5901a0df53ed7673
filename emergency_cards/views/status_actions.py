"""A plan's status actions (new card, suspend, reinstate, close, confirm): one page each,
admitted and refused by rules.TRANSITIONS."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carers_portal.accounts.roles import Role
from carers_portal.pages import CONFLICT_STATUS, add_service_errors, rebind_after_conflict
from carers_portal.versioning import EditConflict
from emergency_cards import forms, services
from emergency_cards.views.common import casework_or_carer_required, casework_required, plan_for


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
    plan = plan_for(request, plan_id, action=action)
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
