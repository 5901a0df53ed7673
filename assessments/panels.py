from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from assessments.selectors import assessment_list_for_carer, assessment_list_visible_to
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


def case_note_options(user, carer: Carer) -> list[tuple[int, str]]:
    """The carer's assessments a case note can be about (triage.case_notes), newest first."""
    assessments = (
        assessment_list_visible_to(user).filter(carer=carer).order_by("-started_on", "-id")[:20]
    )
    return [
        (a.pk, f"{a.get_kind_display()}, started {a.started_on:%-d %B %Y}") for a in assessments
    ]
