from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from support_plans.selectors import support_plan_list
from triage.models import Carer


def carer_support_plans_panel(request: HttpRequest, carer: Carer) -> SafeString:
    plans = support_plan_list(user=request.user).filter(carer=carer)
    return mark_safe(  # noqa: S308 - rendered by the template engine, which escapes
        render_to_string(
            "support_plans/partials/_carer_plans.html",
            {"carer": carer, "plans": list(plans)},
            request=request,
        )
    )
