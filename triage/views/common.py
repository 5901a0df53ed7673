"""What the triage pages share: the casework gate, the record in the user's scope and the
version a form posted.

The scoped selectors are the object check: they match the django-rules permissions in
triage/permissions.py (tests/test_object_permissions.py keeps them agreeing), and for the
casework staff these pages admit, viewing and changing a carer or referral is one rule.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES
from carers_portal.pages import CONFLICT_STATUS, rebind_after_conflict
from carers_portal.versioning import EditConflict
from triage import selectors
from triage.models import Carer, Referral

casework_required = role_required(*CASEWORK_ROLES)


def referral_for(request: HttpRequest, reference: str) -> Referral:
    return get_object_or_404(selectors.referral_list_visible_to(request.user), reference=reference)


def carer_for(request: HttpRequest, pk: int) -> Carer:
    return get_object_or_404(selectors.carer_list_visible_to(request.user), pk=pk)


def version_from_post(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as error:
        raise Http404 from error


@dataclass(frozen=True)
class FormPost:
    form: forms.Form
    status: int
    saved: bool


def versioned_form_post(
    request: HttpRequest,
    form_class: type[forms.Form],
    *,
    initial: dict,
    save: Callable[[dict], object],
    refusals: tuple[type[Exception], ...] = (),
    **form_kwargs,
) -> FormPost:
    """A question page that saves a versioned record: bind, and on a valid POST call `save`.

    A stale version is the conflict page (409, typed answers kept, current version); a
    service refusal in `refusals` goes on the form with 400. Other refusals propagate.
    """
    form = form_class(request.POST or None, initial=initial, **form_kwargs)
    if request.method != "POST" or not form.is_valid():
        return FormPost(form, 200, saved=False)
    try:
        save(form.cleaned_data)
    except EditConflict as conflict:
        form = rebind_after_conflict(form_class, request, conflict, **form_kwargs)
        return FormPost(form, CONFLICT_STATUS, saved=False)
    except refusals as error:
        form.add_error(None, str(error))
        return FormPost(form, 400, saved=False)
    return FormPost(form, 200, saved=True)
