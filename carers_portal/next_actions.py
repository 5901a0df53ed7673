"""Links a page offers to a later step that another app owns.

A page names a place (`"assessment"`: the assessment page's actions); apps further along the
journey register what they offer there from their `AppConfig.ready()`. The page's own app never
imports them, so dependencies keep pointing one way (see triage/record_panels.py for the same
idea with record panels).

Every place is declared in PLACES, and a registration for an undeclared place, or a page asking
for one, fails at once rather than quietly showing nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# place -> what the page passes as `obj`
PLACES = {
    "assessment": "a completed or in-progress assessment, on its page",
    "referral": "a referral, on its page (obj is the triage Referral)",
    "task": "a row of the team worktray (obj is the triage Task)",
    "directory-search": "the public directory search (obj is None)",
    "sign-in": "the sign-in page (obj is None)",
}


@dataclass(frozen=True)
class NextAction:
    key: str
    label: str
    url_name: str
    # kwargs for reverse() from the object the page shows
    url_kwargs: Callable[[object], dict] = lambda obj: {}
    # whether the signed-in (or anonymous) user is offered it for this object
    offered: Callable[[object, object], bool] = lambda user, obj: True
    # a query string for the link ("referral=12"), when the step needs one
    query: Callable[[object], str] = lambda obj: ""


_registry: dict[str, dict[str, NextAction]] = {place: {} for place in PLACES}


def register_next_action(place: str, action: NextAction) -> None:
    if place not in PLACES:
        raise KeyError(f"No such place for next actions: {place!r}")
    _registry[place][action.key] = action


def next_actions_for(place: str, *, user, obj=None) -> list[dict]:
    if place not in PLACES:
        raise KeyError(f"No such place for next actions: {place!r}")
    return [
        {
            "key": action.key,
            "label": action.label,
            "url": reverse(action.url_name, kwargs=action.url_kwargs(obj))
            + (f"?{query}" if (query := action.query(obj)) else ""),
        }
        for action in _registry[place].values()
        if action.offered(user, obj)
    ]


def registered_keys(place: str) -> set[str]:
    return set(_registry[place])
