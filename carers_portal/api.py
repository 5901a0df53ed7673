"""The /api/v1/ routes. Each app contributes its own `api_urls.urlpatterns`."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def api_root(request: Request) -> Response:
    return Response(
        {
            "schema": reverse("api-schema", request=request),
            "docs": reverse("api-docs", request=request),
        }
    )


api_urlpatterns = [
    path("", api_root, name="root"),
    path("", include("triage.api_urls")),
    path("", include("assessments.api_urls")),
    path("", include("support_plans.api_urls")),
    path("", include("services_directory.api_urls")),
    path("", include("emergency_cards.api_urls")),
    path("", include("reporting.api_urls")),
]
