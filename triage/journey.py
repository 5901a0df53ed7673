"""The carer's journey on their record: referral -> triage -> assessment -> plan -> review,
in the order it happened.

Triage knows the referral's steps; assessments, support plans and emergency cards add theirs
through `register_journey_source` from their AppConfig.ready() (one query each), so the
record shows one thread without triage importing upward.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from triage.models import Carer


@dataclass(frozen=True)
class JourneyStep:
    on: datetime.date
    what: str
    detail: str = ""
    url: str = ""
    # Same-day steps keep their order: referral before triage before assessment ...
    order: int = 0


_sources: dict[str, Callable[[object, Carer], list[JourneyStep]]] = {}


def register_journey_source(key: str, steps: Callable[[object, Carer], list[JourneyStep]]) -> None:
    _sources[key] = steps


def _day(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def referral_steps(user, carer: Carer) -> list[JourneyStep]:
    from triage.selectors import referrals_of_carer_on_record  # noqa: PLC0415 - avoids a cycle

    steps = []
    for referral in referrals_of_carer_on_record(user=user, carer=carer)[:20]:
        url = reverse("triage:referral-detail", kwargs={"reference": referral.reference})
        steps.append(
            JourneyStep(
                _day(referral.received_at),
                f"Referral {referral.reference} received",
                referral.get_source_display(),
                url,
                order=0,
            )
        )
        if referral.triaged_at:
            steps.append(
                JourneyStep(
                    _day(referral.triaged_at),
                    "Triaged",
                    f"{referral.get_priority_display()} priority; {referral.get_pathway_display()}",
                    url,
                    order=1,
                )
            )
        if referral.closed_at:
            steps.append(
                JourneyStep(
                    _day(referral.closed_at),
                    f"Referral {referral.reference} closed",
                    referral.get_closed_reason_display(),
                    url,
                    order=9,
                )
            )
    return steps


register_journey_source("referrals", referral_steps)


def journey_for(*, user, carer: Carer) -> list[JourneyStep]:
    steps = [step for source in _sources.values() for step in source(user, carer)]
    return sorted(steps, key=lambda step: (step.on, step.order))


def carer_journey_panel(request: HttpRequest, carer: Carer) -> SafeString:
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "triage/partials/_journey.html",
        {"steps": journey_for(user=request.user, carer=carer)},
        request=request,
    )
