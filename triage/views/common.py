"""What the triage pages share: the casework gate, paging and the version a form posted."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES
from triage import selectors
from triage.models import Carer, Referral

PAGE_SIZE = 25
casework_required = role_required(*CASEWORK_ROLES)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _deferred_page(request: HttpRequest, queryset):
    """Paginate on ids first, then load the page's 25 rows with their joins.

    A deep page's OFFSET then walks a narrow covering index instead of joined rows:
    one query more, the same for every page (scripts/benchmark_triage_queue.py).
    """
    page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _query_without_page(request: HttpRequest) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "page"]
    return urlencode(params)


def _with_version(request: HttpRequest, version: int):
    data = request.POST.copy()
    data["version"] = str(version)
    return data


def _referral_for(request: HttpRequest, reference: str) -> Referral:
    return get_object_or_404(selectors.referral_list_visible_to(request.user), reference=reference)


def _carer_for(request: HttpRequest, pk: int) -> Carer:
    return get_object_or_404(selectors.carer_list_visible_to(request.user), pk=pk)


def _version_from_post(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as error:
        raise Http404 from error
