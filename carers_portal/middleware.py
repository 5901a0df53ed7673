"""Request and response hygiene applied once, to every route."""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# C0 controls and DEL. No route takes them in a path or a query, and PostgreSQL refuses NUL
# in text, so letting one through turns a typo or a probe into a server error.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
JSON_PREFIXES = ("/api/", "/openreferral/")
PATH_MESSAGE = "The address holds a character that is not allowed."


def control_character_errors(request: HttpRequest) -> dict[str, list[str]]:
    """The API's field errors for each offending query parameter (or "detail" for the path)."""
    errors: dict = {}
    for key, values in request.GET.lists():
        name = CONTROL_CHARACTERS.sub("", key)
        if name and any(CONTROL_CHARACTERS.search(v) for v in values):
            errors[name] = ["Remove the character that is not allowed (a control character)"]
        elif name != key:
            errors["detail"] = PATH_MESSAGE
    if CONTROL_CHARACTERS.search(request.path):
        errors["detail"] = PATH_MESSAGE
    return errors


class RejectControlCharactersMiddleware:
    """Answers 400 to any path or query parameter holding a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        errors = control_character_errors(request)
        if errors:
            if request.path.startswith(JSON_PREFIXES):
                return JsonResponse(errors, status=400)
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
