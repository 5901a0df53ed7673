"""Sections other apps add to the carer's record page.

The carer's record lives in triage, but its assessments, support plans and emergency
cards belong to apps that depend on triage. Those apps register a panel here in their
AppConfig.ready(), so the record page shows them without triage importing "upward".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from triage.models import Carer


@dataclass(frozen=True)
class CarerRecordPanel:
    key: str
    order: int
    # Renders the panel's HTML for a carer the caller has already scoped to the user.
    render: Callable[[HttpRequest, Carer], SafeString]


_panels: dict[str, CarerRecordPanel] = {}


def register_carer_record_panel(panel: CarerRecordPanel) -> None:
    _panels[panel.key] = panel


def carer_record_panels_render(*, request: HttpRequest, carer: Carer) -> list[SafeString]:
    return [
        panel.render(request, carer) for panel in sorted(_panels.values(), key=lambda p: p.order)
    ]
