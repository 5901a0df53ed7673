"""Someone acting for a carer: the carer's emergency plans and cards, read-only (any other
method is 404). Each read is recorded, as every read of a carer's data is."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from carers_portal.accounts.access import reads_only, role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_events_record_many
from emergency_cards import rules, selectors
from emergency_cards.views.common import plan_for, record_view


def acting_for_cards_section(request: HttpRequest, carer) -> SafeString:
    """The carer's emergency plans on the home page of someone acting for them."""
    plans = list(selectors.plans_for_carer(user=request.user, carer_id=carer.pk))
    access_events_record_many(request=request, objects=plans)
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "emergency_cards/partials/_acting_for_cards.html",
        {"carer": carer, "plans": plans},
        request=request,
    )


@role_required(Role.REPRESENTATIVE)
@reads_only
def acting_for_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request, plan_id)
    record_view(request, plan)
    _state, reason = rules.review_state(review_due=plan.review_due, today=timezone.localdate())
    return render(
        request,
        "emergency_cards/acting_for_plan.html",
        {"plan": plan, "card": plan.current_card, "review_reason": reason},
    )
