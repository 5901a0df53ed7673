"""A carer's unsent changes, kept in their session between the question pages and check answers.

The question pages (contact details in triage, emergency contacts in emergency_cards) each
answer one key; only keys that differ from the record are kept, so the check answers page
lists exactly what will go to the team. Nothing reaches the database until it is sent.
"""

from collections.abc import Callable, Container

from django.core.exceptions import ValidationError
from django.http import HttpRequest

SESSION_KEY = "carer_change_drafts"


def _drafts(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def draft_get(request: HttpRequest, scope: str) -> dict:
    return dict(_drafts(request).get(scope, {}))


def draft_set(request: HttpRequest, scope: str, key: str, value, *, current) -> None:
    """Keep `value` for `key` unless it is what the record already says."""
    drafts = _drafts(request)
    draft = dict(drafts.get(scope, {}))
    if value == current:
        draft.pop(key, None)
    else:
        draft[key] = value
    drafts[scope] = draft
    request.session[SESSION_KEY] = drafts


def draft_clear(request: HttpRequest, scope: str) -> None:
    drafts = _drafts(request)
    if scope in drafts:
        del drafts[scope]
        request.session[SESSION_KEY] = drafts


def service_error_links(
    error: ValidationError,
    *,
    keys: Container[str],
    fallback: str,
    field_key: Callable[[str | None], str | None] = lambda field: field,
) -> list[dict]:
    """A refusal of the check answers page as error-summary items, each linked to the change
    link of the answer to fix (that page has no inputs of its own to link to)."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    return [
        {"text": message, "href": f"#change-{key}" if key in keys else fallback}
        for field, messages in items
        for key in [field_key(field)]
        for message in messages
    ]
