from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from assessments.selectors import assessment_list_for_carer, assessment_list_visible_to
from carers_portal.read_once import read_once
from triage.models import Carer

RECENT_ASSESSMENTS_SHOWN = 10
# The journey on the record shows the steps of this many of the newest.
JOURNEY_ASSESSMENTS_SHOWN = 20


def assessments_on_record(carer: Carer) -> list:
    """The carer's newest assessments, read once for the record's panel and its journey."""
    return read_once(
        carer,
        "assessments",
        # The panel and the journey show the assessment's own fields only: no joins to plan.
        lambda: list(
            assessment_list_for_carer(carer=carer).select_related(None)[:JOURNEY_ASSESSMENTS_SHOWN]
        ),
    )


def carer_assessments_panel(request: HttpRequest, carer: Carer) -> SafeString:
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "assessments/partials/_carer_assessments.html",
        {
            "carer": carer,
            "assessments": assessments_on_record(carer)[:RECENT_ASSESSMENTS_SHOWN],
            "show_all_link": True,
            "user": request.user,
        },
        request=request,
    )


def case_note_options(user, carer: Carer) -> list[tuple[int, str]]:
    """The carer's assessments a case note can be about (triage.case_notes), newest first."""
    assessments = (
        assessment_list_visible_to(user).filter(carer=carer).order_by("-started_on", "-id")[:20]
    )
    return [
        (a.pk, f"{a.get_kind_display()}, started {a.started_on:%-d %B %Y}") for a in assessments
    ]
