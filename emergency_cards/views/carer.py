"""The carer's own pages: their cards, registering a plan, and their plan."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from emergency_cards import rules, selectors
from emergency_cards.views.common import cared_for_choices, plan_for, record_view, register_page


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
        {"carer": carer, "plans": plans, "can_register": bool(cared_for_choices(carer))},
    )


@role_required(Role.CARER)
def my_register(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    if not cared_for_choices(carer):
        raise Http404
    return register_page(
        request,
        carer,
        template="emergency_cards/my_register.html",
        done_url_name="emergency_cards:my-plan",
    )


@role_required(Role.CARER)
def my_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id)
    record_view(request, plan)
    state, reason = rules.review_state(review_due=plan.review_due, today=timezone.localdate())
    return render(
        request,
        "emergency_cards/my_plan.html",
        {"plan": plan, "card": plan.current_card, "review_state": state, "review_reason": reason},
    )
