"""What the triage pages share: the casework gate, the record in the user's scope and the
version a form posted.

The scoped selectors are the object check: they match the django-rules permissions in
triage/permissions.py (tests/test_object_permissions.py keeps them agreeing), and for the
casework staff these pages admit, viewing and changing a carer or referral is one rule.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES
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
