from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from assessments.selectors import assessment_list_for_carer
from triage.models import Carer

RECENT_ASSESSMENTS_SHOWN = 10


def carer_assessments_panel(request: HttpRequest, carer: Carer) -> SafeString:
    return mark_safe(  # noqa: S308 - rendered by the template engine, which escapes
        render_to_string(
            "assessments/partials/_carer_assessments.html",
            {
                "carer": carer,
                "assessments": assessment_list_for_carer(carer=carer)[:RECENT_ASSESSMENTS_SHOWN],
                "show_all_link": True,
                "user": request.user,
            },
            request=request,
        )
    )
