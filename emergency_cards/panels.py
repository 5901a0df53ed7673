from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from emergency_cards.selectors import emergency_card_summary_for_carer
from triage.models import Carer


def carer_emergency_card_panel(request: HttpRequest, carer: Carer) -> SafeString:
    return mark_safe(  # noqa: S308 - rendered by the template engine, which escapes
        render_to_string(
            "emergency_cards/partials/_carer_card_summary.html",
            {"summary": emergency_card_summary_for_carer(carer_id=carer.pk)},
            request=request,
        )
    )
