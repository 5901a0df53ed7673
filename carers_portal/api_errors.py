"""The API's one answer to an edit race: 409 with the current version."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from carers_portal.versioning import EditConflict


def api_exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        body = {"detail": exc.message}
        if exc.current_version is not None:
            body["version"] = exc.current_version
        return Response(body, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)
