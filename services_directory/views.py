from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import DASHBOARD_ROLES
from carers_portal.pages import paginate, query_without_page
from services_directory import selectors
from services_directory.forms import DirectorySearchForm


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
    page = paginate(request, services) if services is not None else None
    return render(
        request,
        "services_directory/search.html",
        {
            "form": form,
            "page_obj": page,
            "categories": form.fields["category"].queryset,
            "query_string": query_without_page(request),
            "searched": form.is_bound,
        },
    )


def service_detail(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id)
    if service is None:
        raise Http404
    return render(request, "services_directory/service_detail.html", {"service": service})


# The freshness list sits behind the dashboard's stale-services figure: the same readers.
@role_required(*DASHBOARD_ROLES)
def directory_freshness(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.service_list_needing_attention())
    return render(
        request,
        "services_directory/freshness.html",
        {
            "page_obj": page,
            "stale_after_months": selectors.stale_after_months(),
            "query_string": query_without_page(request),
        },
    )
