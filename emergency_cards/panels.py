from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from emergency_cards.selectors import emergency_card_summary_for_carer, plan_list_visible_to
from triage.models import Carer


def carer_emergency_card_panel(request: HttpRequest, carer: Carer) -> SafeString:
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "emergency_cards/partials/_carer_card_summary.html",
        {"summary": emergency_card_summary_for_carer(carer_id=carer.pk)},
        request=request,
    )


def case_note_options(user, carer: Carer) -> list[tuple[int, str]]:
    """The carer's emergency card plans a case note can be about (triage.case_notes)."""
    plans = (
        plan_list_visible_to(user)
        .filter(carer=carer)
        .prefetch_related(None)  # the cards and contacts are not needed for a label
        .order_by("-issued_on", "-id")[:20]
    )
    return [
        (
            plan.pk,
            f"Emergency card plan for {plan.cared_for}, registered {plan.issued_on:%-d %B %Y}",
        )
        for plan in plans
    ]
