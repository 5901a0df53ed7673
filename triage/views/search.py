"""Staff search: one box across carers and referrals in the worker's teams."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triage.search import RESULT_LIMIT, staff_search
from triage.views.common import casework_required


@casework_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = staff_search(user=request.user, query=query)
    return render(
        request,
        "triage/search.html",
        {"results": results, "query": results.query, "limit": RESULT_LIMIT},
    )
