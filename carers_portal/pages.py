"""Page plumbing every app's views share: pagination, service errors on forms, conflicts.

Views call these instead of writing their own, so a list pages, a refused save explains itself
and a lost edit race keeps what was typed the same way on every page.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.services import access_events_record_many
from carers_portal.versioning import EditConflict

PAGE_SIZE = 25
CONFLICT_STATUS = 409


def paginate(request: HttpRequest, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """A list page; the carers' records it shows are recorded as seen (one insert)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    access_events_record_many(request=request, objects=page.object_list)
    return page


def paginate_deferred(request: HttpRequest, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """Paginate on ids first, then load the page's rows with their joins.

    A deep page's OFFSET then walks a narrow covering index instead of joined rows: one query
    more, the same for every page.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    access_events_record_many(request=request, objects=page.object_list)
    return page


def query_without_page(request: HttpRequest) -> str:
    """The list's filters as a query string, for page links to add `page=` to."""
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "page"]
    return urlencode(params)


def add_service_errors(form, error: Exception, *, default_field: str | None = None) -> None:
    """Put a service's refusal on the form: on the field it names, else at the top.

    Takes a Django `ValidationError` (dict or list) or an app error with `message` and an
    optional `field`.
    """
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            items = error.message_dict.items()
        else:
            items = [(None, error.messages)]
    else:
        items = [(getattr(error, "field", None), [getattr(error, "message", str(error))])]
    for name, messages in items:
        target = name if name in form.fields else default_field
        for message in messages:
            form.add_error(target, message)


def record_opened_to_edit(request: HttpRequest, obj) -> None:
    """An edit page shows the record it changes: recorded like a read (on GET only, as a
    POST's answer is the change itself, kept in history)."""
    if request.method == "GET":
        access_events_record_many(request=request, objects=[obj], action=AccessEvent.Action.EDIT)


def rebind_after_conflict(form_class, request: HttpRequest, conflict: EditConflict, **kwargs):
    """The conflict page: the form again with what was typed, now naming the current version.

    A second save is then a decision made knowing someone else changed the record.
    """
    data = request.POST.copy()
    if conflict.current_version is not None:
        data["version"] = str(conflict.current_version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, conflict.message)
    return form
