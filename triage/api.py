"""/api/v1/carers/ and /api/v1/referrals/: the same scope and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from carers_portal.accounts.api_permissions import HasRole
from carers_portal.accounts.models import AccessEvent, Team
from carers_portal.accounts.roles import CASEWORK_ROLES
from carers_portal.accounts.selectors import team_ids_for
from carers_portal.accounts.services import access_event_record
from triage import selectors, services
from triage.models import Carer, Referral
from triage.serializers import (
    CarerCreateInputSerializer,
    CarerOutputSerializer,
    CarerQuerySerializer,
    CarerUpdateInputSerializer,
    ConflictSerializer,
    ReferralInputSerializer,
    ReferralOutputSerializer,
    ReferralQuerySerializer,
    ReferralUpdateInputSerializer,
)


def _validation_error(error: DjangoValidationError) -> Response:
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return Response(detail, status=status.HTTP_400_BAD_REQUEST)


def _validated(serializer_class, request: Request, *, partial: bool = False) -> dict:
    data = serializer_class(data=request.data, partial=partial)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _saved(output_serializer, save, *, status_code: int = status.HTTP_200_OK) -> Response:
    """Call the service; its refusal is a 400 with field errors, the record is the answer.

    A stale version raises EditConflict, which carers_portal.api_errors answers with 409.
    """
    try:
        obj = save()
    except DjangoValidationError as error:
        return _validation_error(error)
    return Response(output_serializer(obj).data, status=status_code)


class HasRoleElseNotFound(HasRole):
    """A signed-in user without the role gets 404, as on the pages; signed out stays 401/403."""

    def has_permission(self, request, view) -> bool:
        if super().has_permission(request, view):
            return True
        if request.user and request.user.is_authenticated:
            raise NotFound
        return False


class CaseworkApi(GenericAPIView):
    permission_classes = [HasRoleElseNotFound]
    allowed_roles = CASEWORK_ROLES


def list_schema(operation_id: str, query_serializer, create_serializer, output_serializer):
    """GET a page filtered by the query serializer; POST creates one (201)."""
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            parameters=[query_serializer],
            responses=output_serializer(many=True),
        ),
        post=extend_schema(request=create_serializer, responses={201: output_serializer}),
    )


# Lists: the query string is parsed like any input, so a bad filter is a 400.
class CaseworkListApi(CaseworkApi):
    query_serializer: type[serializers.Serializer]

    def query(self) -> dict:
        query = self.query_serializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def versioned_detail_schema(update_serializer, output_serializer):
    """PUT and PATCH take the version read and answer 409 when it is stale."""
    edit = extend_schema(
        request=update_serializer, responses={200: output_serializer, 409: ConflictSerializer}
    )
    return extend_schema_view(put=edit, patch=edit)


# GET one record (recorded as a read); PUT/PATCH it with the version the client read. A
# comment, not a docstring: the schema would show it on every operation.
class VersionedDetailApi(CaseworkApi):
    output_serializer: type[serializers.Serializer]
    update_serializer: type[serializers.Serializer]
    # Where the record names its carer, for the access log.
    carer_id_field = "carer_id"

    def record(self, **url_kwargs):
        raise NotImplementedError

    def update(self, record, *, version: int, **values):
        raise NotImplementedError

    def get(self, request: Request, **url_kwargs) -> Response:
        record = self.record(**url_kwargs)
        access_event_record(
            request=request,
            obj=record,
            carer_id=getattr(record, self.carer_id_field),
            action=AccessEvent.Action.API_READ,
        )
        return Response(self.output_serializer(record).data)

    def _update(self, request: Request, *, partial: bool, **url_kwargs) -> Response:
        record = self.record(**url_kwargs)
        values = _validated(self.update_serializer, request, partial=partial)
        if "version" not in values:
            return Response(
                {"version": ["Give the version you read"]}, status=status.HTTP_400_BAD_REQUEST
            )
        version = values.pop("version")
        return _saved(
            self.output_serializer, lambda: self.update(record, version=version, **values)
        )

    def put(self, request: Request, **url_kwargs) -> Response:
        return self._update(request, partial=False, **url_kwargs)

    def patch(self, request: Request, **url_kwargs) -> Response:
        return self._update(request, partial=True, **url_kwargs)


# --- Carers ----------------------------------------------------------------------------


@list_schema(
    "api_v1_carers_list", CarerQuerySerializer, CarerCreateInputSerializer, CarerOutputSerializer
)
class CarerListApi(CaseworkListApi):
    serializer_class = CarerOutputSerializer
    query_serializer = CarerQuerySerializer

    def get_queryset(self):
        query = self.query()
        return selectors.carer_search(user=self.request.user, query=query["q"])

    def post(self, request: Request) -> Response:
        values = _validated(CarerCreateInputSerializer, request)
        team_id = values.pop("team", None)
        allowed = team_ids_for(request.user)
        if team_id is None and len(allowed) == 1:
            team_id = next(iter(allowed))
        if team_id not in allowed:
            return Response(
                {"team": ["Choose one of your teams"]}, status=status.HTTP_400_BAD_REQUEST
            )
        team = Team.objects.get(pk=team_id)
        return _saved(
            CarerOutputSerializer,
            lambda: services.carer_create(team=team, **values),
            status_code=status.HTTP_201_CREATED,
        )


@versioned_detail_schema(CarerUpdateInputSerializer, CarerOutputSerializer)
class CarerDetailApi(VersionedDetailApi):
    serializer_class = output_serializer = CarerOutputSerializer
    update_serializer = CarerUpdateInputSerializer
    carer_id_field = "pk"

    def record(self, *, pk: int) -> Carer:
        return get_object_or_404(selectors.carer_list_visible_to(self.request.user), pk=pk)

    def update(self, record: Carer, *, version: int, **values) -> Carer:
        return services.carer_update(carer=record, version=version, **values)


# --- Referrals -------------------------------------------------------------------------


@list_schema(
    "api_v1_referrals_list",
    ReferralQuerySerializer,
    ReferralInputSerializer,
    ReferralOutputSerializer,
)
class ReferralListApi(CaseworkListApi):
    serializer_class = ReferralOutputSerializer
    query_serializer = ReferralQuerySerializer

    def get_queryset(self):
        params = self.query()
        filters = selectors.QueueFilters(
            status=params.get("status", ""),
            priority=params.get("priority", ""),
            source=params.get("source", ""),
            overdue=params["overdue"],
            query=params["q"],
        )
        return selectors.referral_queue(user=self.request.user, filters=filters)

    def post(self, request: Request) -> Response:
        values = _validated(ReferralInputSerializer, request)
        return _saved(
            ReferralOutputSerializer,
            lambda: services.referral_create(**values),
            status_code=status.HTTP_201_CREATED,
        )


@versioned_detail_schema(ReferralUpdateInputSerializer, ReferralOutputSerializer)
class ReferralDetailApi(VersionedDetailApi):
    serializer_class = output_serializer = ReferralOutputSerializer
    update_serializer = ReferralUpdateInputSerializer

    def record(self, *, reference: str) -> Referral:
        if "\x00" in reference:
            # PostgreSQL text cannot hold NUL, so no referral has it; asking would be a 500.
            raise NotFound
        return get_object_or_404(
            selectors.referral_list_visible_to(self.request.user), reference=reference
        )

    def update(self, record: Referral, *, version: int, **values) -> Referral:
        return services.referral_update(referral=record, version=version, **values)
