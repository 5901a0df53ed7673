"""The carer's own contact details: see them, change them a question a page, check, send.

What they send goes to their team's tray as a change request; the record changes only when a
worker accepts it, and this page shows what is waiting and what was decided.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record
from triage import selectors, services
from triage.change_drafts import draft_clear, draft_get, draft_set, service_error_links
from triage.change_requests import carer_change_history
from triage.contact_changes import ADDRESS_PARTS, KEYS, SUBJECT, describe, values_of
from triage.models import Carer
from triage.my_details_forms import QUESTIONS, SLUG_FOR_KEY, initial_for

carer_required = role_required(Role.CARER)


def _field_key(field: str | None) -> str | None:
    return "address" if field in ADDRESS_PARTS else field


def _own_carer(request: HttpRequest) -> Carer:
    carer = selectors.carer_list_visible_to(request.user).first()
    if carer is None:
        raise Http404
    return carer


def _rows(values: dict, draft: dict) -> list[dict]:
    rows = []
    for key in KEYS:
        label, lines = describe(key, values[key])
        rows.append(
            {
                "key": key,
                "label": label,
                "lines": lines,
                "draft": describe(key, draft[key])[1] if key in draft else None,
                "change_url": reverse("my_details:question", kwargs={"slug": SLUG_FOR_KEY[key]}),
            }
        )
    return rows


@carer_required
def overview(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    access_event_record(request=request, obj=carer, carer_id=carer.pk)
    draft = draft_get(request, SUBJECT)
    return render(
        request,
        "triage/my_details/overview.html",
        {
            "carer": carer,
            "rows": _rows(values_of(carer), draft),
            "has_draft": bool(draft),
            **carer_change_history(carer=carer, subject=SUBJECT),
        },
    )


@carer_required
def question(request: HttpRequest, slug: str) -> HttpResponse:
    form_class = QUESTIONS.get(slug)
    if form_class is None:
        raise Http404
    carer = _own_carer(request)
    current = values_of(carer)[form_class.key]
    draft = draft_get(request, SUBJECT)
    form = form_class(
        request.POST or None, initial=initial_for(form_class, draft.get(form_class.key, current))
    )
    if request.method == "POST" and form.is_valid():
        draft_set(request, SUBJECT, form_class.key, form.values(), current=current)
        return redirect("my_details:check")
    return render(
        request,
        "triage/my_details/question.html",
        {"form": form, "title": form_class.heading, "back_url": reverse("my_details:overview")},
    )


@carer_required
def check(request: HttpRequest) -> HttpResponse:
    carer = _own_carer(request)
    values = values_of(carer)
    draft = draft_get(request, SUBJECT)
    errors = []
    if request.method == "POST" and draft:
        try:
            change = services.change_request_create(
                carer=carer, subject=SUBJECT, after=draft, requested_by=request.user
            )
        except ValidationError as error:
            errors = service_error_links(
                error, keys=draft, fallback="#changes", field_key=_field_key
            )
        else:
            draft_clear(request, SUBJECT)
            messages.success(
                request,
                "Your changes have gone to your carers support team. They will check them by "
                f"{change.task.due_on:%A %-d %B %Y}. Until then we keep your old details.",
            )
            return redirect("my_details:overview")
    rows = [
        {
            "key": key,
            "label": describe(key, draft[key])[0],
            "lines": describe(key, draft[key])[1],
            "was": describe(key, values[key])[1],
            "change_url": reverse("my_details:question", kwargs={"slug": SLUG_FOR_KEY[key]}),
        }
        for key in KEYS
        if key in draft
    ]
    return render(
        request,
        "triage/my_details/check.html",
        {
            "rows": rows,
            "errors": errors,
            "error_title": bool(errors),
            "back_url": reverse("my_details:overview"),
            "more_url": reverse("my_details:overview"),
        },
        status=400 if errors else 200,
    )
