"""The public Open Referral UK v3.0 read-only API.

Open to anyone with no key (ORUK profile compliance), so no authentication classes run:
no session, no CSRF, no token. Every response carries Access-Control-Allow-Origin: *.
"""

import math
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from services_directory import oruk, rules, selectors
from services_directory.models import ServiceAtLocation

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


def _whole_number(request: Request, name: str, *, minimum: int, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ValidationError({name: [f"{name} must be a whole number of {minimum} or more"]})
    return value


def _uuid_param(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise ValidationError({name: [f"{name} must be an id (a UUID)"]}) from None


def _page(request: Request, queryset: QuerySet, to_json: Callable[[Any], dict]) -> dict:
    page = _whole_number(request, "page", minimum=1, default=1)
    per_page = _whole_number(request, "per_page", minimum=1, default=DEFAULT_PER_PAGE)
    if per_page > MAX_PER_PAGE:
        raise ValidationError({"per_page": [f"per_page must be {MAX_PER_PAGE} or fewer"]})
    total_items = queryset.count()
    total_pages = max(1, math.ceil(total_items / per_page))
    start = (page - 1) * per_page
    contents = (
        [to_json(item) for item in queryset[start : start + per_page]]
        if start < total_items
        else []
    )
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": total_items == 0,
        "contents": contents,
    }


def _get_or_404(queryset: QuerySet, object_id: str):
    try:
        return queryset.get(id=uuid.UUID(object_id))
    except (ValueError, queryset.model.DoesNotExist):
        raise NotFound(f"No record with id {object_id}") from None


@extend_schema(exclude=True)
class OpenReferralView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class RootView(OpenReferralView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": oruk.ORUK_VERSION,
                "profile": oruk.ORUK_PROFILE_URL,
                "openapi_url": oruk.ORUK_OPENAPI_URL,
            }
        )


def _service_filters(request: Request) -> dict:
    return {
        "search": request.query_params.get("search", ""),
        "term_id": _uuid_param(request, "taxonomy_term_id"),
        "taxonomy_id": _uuid_param(request, "taxonomy_id"),
        "minimum_age": _whole_number(request, "minimum_age", minimum=0, default=None),
        "maximum_age": _whole_number(request, "maximum_age", minimum=0, default=None),
    }


class ServiceListView(OpenReferralView):
    def get(self, request: Request) -> Response:
        services = selectors.service_list_oruk(**_service_filters(request))
        return Response(_page(request, services, oruk.service_summary))


class ServiceDetailView(OpenReferralView):
    def get(self, request: Request, service_id: str) -> Response:
        service = _get_or_404(
            selectors.service_detail_queryset(selectors.service_list_visible_to(None)), service_id
        )
        return Response(oruk.service_full(service))


class TaxonomyListView(OpenReferralView):
    def get(self, request: Request) -> Response:
        return Response(_page(request, selectors.taxonomy_list(), oruk.taxonomy))


class TaxonomyDetailView(OpenReferralView):
    def get(self, request: Request, taxonomy_id: str) -> Response:
        tax = _get_or_404(selectors.taxonomy_list(), taxonomy_id)
        data = oruk.taxonomy(tax)
        data["taxonomy_terms"] = [
            oruk.taxonomy_term(term) for term in selectors.taxonomy_term_list(taxonomy_id=tax.id)
        ]
        return Response(data)


class TaxonomyTermListView(OpenReferralView):
    def get(self, request: Request) -> Response:
        terms = selectors.taxonomy_term_list(taxonomy_id=_uuid_param(request, "taxonomy_id"))
        return Response(_page(request, terms, oruk.taxonomy_term))


class TaxonomyTermDetailView(OpenReferralView):
    def get(self, request: Request, term_id: str) -> Response:
        return Response(oruk.taxonomy_term(_get_or_404(selectors.taxonomy_term_list(), term_id)))


class ServiceAtLocationListView(OpenReferralView):
    def get(self, request: Request) -> Response:
        postcode = request.query_params.get("postcode", "").strip()
        if postcode and rules.postcode_district(postcode) is None:
            raise ValidationError({"postcode": ["postcode must be a UK postcode, like NR1 3QU"]})
        queryset = selectors.service_at_location_list(
            **_service_filters(request), postcode=postcode
        ).select_related("service__organisation")
        return Response(
            _page(
                request,
                queryset,
                lambda sal: oruk.service_at_location(sal, nested=False),
            )
        )


class ServiceAtLocationDetailView(OpenReferralView):
    def get(self, request: Request, service_at_location_id: str) -> Response:
        queryset = ServiceAtLocation.objects.filter(
            service__in=selectors.service_list_visible_to(None)
        ).select_related("location")
        sal = _get_or_404(queryset, service_at_location_id)
        sal.service = selectors.service_detail_queryset().get(id=sal.service_id)
        return Response(oruk.service_at_location(sal))


class UnknownPathView(OpenReferralView):
    """A JSON 404 with the CORS header for any other path under /openreferral/, so a
    browser client sees why rather than a CORS failure."""

    def get(self, request: Request, unknown: str) -> Response:
        raise NotFound(f"There is no Open Referral UK endpoint at {unknown}")
