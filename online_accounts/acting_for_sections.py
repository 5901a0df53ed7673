"""What someone acting for a carer sees on their home page, section by section.

The plan and the card belong to apps above this one, so each registers a section from its
AppConfig.ready() (as they do panels on the carer's record, triage/record_panels.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ActingForSection:
    key: str
    order: int
    # Renders the section for a carer the person acts for (the caller has checked that).
    render: Callable[[HttpRequest, object], SafeString]


_sections: dict[str, ActingForSection] = {}


def register_acting_for_section(section: ActingForSection) -> None:
    _sections[section.key] = section


def acting_for_sections_render(*, request: HttpRequest, carer) -> list[SafeString]:
    return [s.render(request, carer) for s in sorted(_sections.values(), key=lambda s: s.order)]
