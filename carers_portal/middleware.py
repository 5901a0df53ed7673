"""Request and response hygiene applied once, to every route."""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# C0 controls and DEL. No route takes them in a path or a query, and PostgreSQL refuses NUL
# in text, so letting one through turns a typo or a probe into a server error.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
JSON_PREFIXES = ("/api/", "/openreferral/")


def has_control_characters(request: HttpRequest) -> bool:
    if CONTROL_CHARACTERS.search(request.path):
        return True
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in request.GET.lists()
    )


class RejectControlCharactersMiddleware:
    """Answers 400 to any path or query parameter holding a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request):
            if request.path.startswith(JSON_PREFIXES):
                return JsonResponse(
                    {"detail": "The address holds a character that is not allowed."}, status=400
                )
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages, PDFs and API answers for a signed-in user hold personal data: never cache them.

    Runs after the view, so a user authenticated by an API token (set by DRF inside the view)
    counts as signed in too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
