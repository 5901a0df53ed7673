"""Someone acting for a carer: the carer's agreed plan, read-only (any other method is 404).
Each read is recorded, as every read of a carer's data is."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from carers_portal.accounts.access import reads_only, role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record, access_events_record_many
from support_plans import selectors, services
from support_plans.views.shared import plan_context, plan_or_404


def acting_for_plans_section(request: HttpRequest, carer) -> SafeString:
    """The carer's plans on the home page of someone acting for them."""
    plans = list(selectors.support_plan_list_for_carer_user(user=request.user).filter(carer=carer))
    access_events_record_many(request=request, objects=plans)
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "support_plans/partials/_acting_for_plans.html",
        {"carer": carer, "plans": plans},
        request=request,
    )


@role_required(Role.REPRESENTATIVE)
@reads_only
def acting_for_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id)
    context = plan_context(plan)
    context["worker"] = services.plan_worker(plan)
    context["team_phone"] = plan.carer.team.phone or settings.SERVICE_PHONE_NUMBER
    context["agreed_label"] = f"{plan.carer.first_name} agreed the plan"
    return render(request, "support_plans/acting_for_plan.html", context)
