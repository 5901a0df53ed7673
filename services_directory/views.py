from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import Role
from services_directory import selectors
from services_directory.forms import DirectorySearchForm

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def directory_search(request: HttpRequest) -> HttpResponse:
    """Public: anyone can look for support without signing in."""
    form = DirectorySearchForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        category = form.cleaned_data["category"]
        filters = {
            "search": form.cleaned_data["q"],
            "term_id": category.id if category else None,
            "postcode_district": form.cleaned_data["postcode"] or None,
        }
    elif form.is_bound:
        # Show nothing rather than results that ignore what the person asked for.
        filters = None
    services = selectors.service_list_public(**filters) if filters is not None else None
    page = _page(request, services) if services is not None else None
    return render(
        request,
        "services_directory/search.html",
        {
            "form": form,
            "page_obj": page,
            "categories": form.fields["category"].queryset,
            "query_string": _query_without_page(request),
            "searched": form.is_bound,
        },
    )


def service_detail(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    if service is None:
        raise Http404
    return render(request, "services_directory/service_detail.html", {"service": service})


@role_required(Role.COMMISSIONER, Role.ADMINISTRATOR, Role.TEAM_MANAGER)
def directory_freshness(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.service_list_needing_attention())
    return render(
        request,
        "services_directory/freshness.html",
        {
            "page_obj": page,
            "stale_after_months": selectors.stale_after_months(),
            "query_string": _query_without_page(request),
        },
    )
