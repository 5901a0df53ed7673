"""/api/v1/carers/ and /api/v1/referrals/: the same scope and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
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
from carers_portal.api_schema import ErrorSerializer
from triage import selectors, services
from triage.exceptions import EditConflict
from triage.models import (
    CaringHoursBand,
    ContactMethod,
    EmploymentStatus,
    Ethnicity,
    PrimarySupportReason,
    Priority,
    ReferralSource,
    ReferralStatus,
    Relationship,
)
from triage.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)


def _django_validator(validator):
    def run(value):
        try:
            validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    return run


def _past_date(value):
    if value >= timezone.localdate():
        raise serializers.ValidationError("Date of birth must be in the past")


class PostcodeField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=10, validators=[_django_validator(validate_postcode)], **kwargs)

    def to_internal_value(self, data):
        return normalise_postcode(super().to_internal_value(data))


class NhsNumberField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=14,
            required=False,
            allow_blank=True,
            validators=[_django_validator(validate_nhs_number)],
            **kwargs,
        )

    def to_internal_value(self, data):
        return normalise_nhs_number(super().to_internal_value(data))


def _conflict(obj) -> Response:
    return Response(
        {"detail": EditConflict.message, "version": obj.version}, status=status.HTTP_409_CONFLICT
    )


def _validation_error(error: DjangoValidationError) -> Response:
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return Response(detail, status=status.HTTP_400_BAD_REQUEST)


class HasRoleElseNotFound(HasRole):
    """A signed-in user without the role gets 404, as on the pages; signed out stays 401/403."""

    def has_permission(self, request, view) -> bool:
        if super().has_permission(request, view):
            return True
        if request.user and request.user.is_authenticated:
            raise NotFound
        return False


class ConflictSerializer(ErrorSerializer):
    version = serializers.IntegerField(help_text="The version now saved; read it again first")


class CarerQuerySerializer(serializers.Serializer):
    # Parsed like every other input, so e.g. a NUL character is a 400, not a database error.
    q = serializers.CharField(
        required=False, default="", help_text="Name, postcode or NHS number", max_length=200
    )


class CaseworkApi(GenericAPIView):
    permission_classes = [HasRoleElseNotFound]
    allowed_roles = CASEWORK_ROLES


# --- Carers ----------------------------------------------------------------------------


class CarerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    is_young_carer = serializers.BooleanField()
    # Blank when the carer gave none, so not documented as an email format.
    email = serializers.CharField()
    phone = serializers.CharField()
    address_line_1 = serializers.CharField()
    address_line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    preferred_contact = serializers.CharField()
    nhs_number = serializers.CharField()
    ethnicity = serializers.CharField()
    employment_status = serializers.CharField()
    caring_hours = serializers.CharField()
    consent_to_share = serializers.BooleanField()
    team = serializers.IntegerField(source="team_id")
    version = serializers.IntegerField()


class CarerInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(validators=[_past_date])
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address_line_1 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address_line_2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    town = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postcode = PostcodeField()
    preferred_contact = serializers.ChoiceField(ContactMethod.choices)
    nhs_number = NhsNumberField()
    ethnicity = serializers.ChoiceField(Ethnicity.choices, required=False, allow_blank=True)
    employment_status = serializers.ChoiceField(
        EmploymentStatus.choices, required=False, allow_blank=True
    )
    caring_hours = serializers.ChoiceField(CaringHoursBand.choices)
    consent_to_share = serializers.BooleanField(required=False)


class CarerCreateInputSerializer(CarerInputSerializer):
    team = serializers.IntegerField(required=False)


class CarerUpdateInputSerializer(CarerInputSerializer):
    version = serializers.IntegerField()


@extend_schema_view(
    get=extend_schema(
        operation_id="api_v1_carers_list",
        parameters=[CarerQuerySerializer],
        responses=CarerOutputSerializer(many=True),
    ),
    post=extend_schema(request=CarerCreateInputSerializer, responses={201: CarerOutputSerializer}),
)
class CarerListApi(CaseworkApi):
    serializer_class = CarerOutputSerializer

    def get_queryset(self):
        query = CarerQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.carer_search(user=self.request.user, query=query.validated_data["q"])

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CarerOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        data = CarerCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        team_id = values.pop("team", None)
        allowed = team_ids_for(request.user)
        if team_id is None and len(allowed) == 1:
            team_id = next(iter(allowed))
        if team_id not in allowed:
            return Response(
                {"team": ["Choose one of your teams"]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            carer = services.carer_create(team=Team.objects.get(pk=team_id), **values)
        except DjangoValidationError as error:
            return _validation_error(error)
        return Response(CarerOutputSerializer(carer).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    put=extend_schema(
        request=CarerUpdateInputSerializer,
        responses={200: CarerOutputSerializer, 409: ConflictSerializer},
    ),
    patch=extend_schema(
        request=CarerUpdateInputSerializer,
        responses={200: CarerOutputSerializer, 409: ConflictSerializer},
    ),
)
class CarerDetailApi(CaseworkApi):
    serializer_class = CarerOutputSerializer

    def _carer(self, pk: int):
        return get_object_or_404(selectors.carer_list_visible_to(self.request.user), pk=pk)

    def get(self, request: Request, pk: int) -> Response:
        carer = self._carer(pk)
        access_event_record(
            request=request, obj=carer, carer_id=carer.pk, action=AccessEvent.Action.API_READ
        )
        return Response(CarerOutputSerializer(carer).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        carer = self._carer(pk)
        data = CarerUpdateInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            return Response(
                {"version": ["Give the version you read"]}, status=status.HTTP_400_BAD_REQUEST
            )
        values = dict(data.validated_data)
        version = values.pop("version")
        try:
            carer = services.carer_update(carer=carer, version=version, **values)
        except EditConflict:
            carer.refresh_from_db()
            return _conflict(carer)
        except DjangoValidationError as error:
            return _validation_error(error)
        return Response(CarerOutputSerializer(carer).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)


# --- Referrals -------------------------------------------------------------------------


class ReferralOutputSerializer(serializers.Serializer):
    reference = serializers.CharField()
    carer = serializers.IntegerField(source="carer_id", allow_null=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    postcode = serializers.CharField()
    address_line_1 = serializers.CharField()
    address_line_2 = serializers.CharField()
    town = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    nhs_number = serializers.CharField()
    preferred_contact = serializers.CharField()
    caring_hours = serializers.CharField()
    cared_for_first_name = serializers.CharField()
    cared_for_last_name = serializers.CharField()
    cared_for_relationship = serializers.CharField()
    cared_for_support_reason = serializers.CharField()
    reason = serializers.CharField()
    consent = serializers.BooleanField()
    urgent_at_intake = serializers.BooleanField()
    source = serializers.CharField()
    referrer_name = serializers.CharField()
    referrer_organisation = serializers.CharField()
    referrer_contact = serializers.CharField()
    status = serializers.CharField()
    priority = serializers.CharField(allow_null=True)
    pathway = serializers.CharField(allow_null=True)
    proposed_priority = serializers.CharField(allow_null=True)
    proposed_pathway = serializers.CharField(allow_null=True)
    override_reason = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)
    received_at = serializers.DateTimeField()
    triaged_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ReferralInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(validators=[_past_date])
    postcode = PostcodeField()
    address_line_1 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address_line_2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    town = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    nhs_number = NhsNumberField()
    preferred_contact = serializers.ChoiceField(ContactMethod.choices)
    caring_hours = serializers.ChoiceField(CaringHoursBand.choices)
    cared_for_first_name = serializers.CharField(max_length=100)
    cared_for_last_name = serializers.CharField(max_length=100)
    cared_for_relationship = serializers.ChoiceField(Relationship.choices)
    cared_for_support_reason = serializers.ChoiceField(PrimarySupportReason.choices)
    reason = serializers.CharField(max_length=5000)
    consent = serializers.BooleanField()
    urgent_at_intake = serializers.BooleanField(required=False)
    source = serializers.ChoiceField(ReferralSource.choices)
    referrer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    referrer_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    referrer_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_consent(self, value):
        if not value and not self.partial:
            raise serializers.ValidationError("The carer must agree to the referral")
        return value

    def validate(self, attrs):
        if self.partial:
            return attrs
        if attrs.get("source") != ReferralSource.SELF and not attrs.get("referrer_name"):
            raise serializers.ValidationError(
                {"referrer_name": ["Enter the referrer's name"]}, code="required"
            )
        return attrs


class ReferralUpdateInputSerializer(ReferralInputSerializer):
    version = serializers.IntegerField()


class ReferralQuerySerializer(serializers.Serializer):
    # Choices are checked so a mistyped filter is a 400, not an empty queue.
    status = serializers.ChoiceField(ReferralStatus.choices, required=False)
    priority = serializers.ChoiceField(Priority.choices, required=False)
    source = serializers.ChoiceField(ReferralSource.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, default="", help_text="Name, postcode or reference")


@extend_schema_view(
    get=extend_schema(
        operation_id="api_v1_referrals_list",
        parameters=[ReferralQuerySerializer],
        responses=ReferralOutputSerializer(many=True),
    ),
    post=extend_schema(request=ReferralInputSerializer, responses={201: ReferralOutputSerializer}),
)
class ReferralListApi(CaseworkApi):
    serializer_class = ReferralOutputSerializer

    def get_queryset(self):
        query = ReferralQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        filters = selectors.QueueFilters(
            status=params.get("status", ""),
            priority=params.get("priority", ""),
            source=params.get("source", ""),
            overdue=params["overdue"],
            query=params["q"],
        )
        return selectors.referral_queue(user=self.request.user, filters=filters)

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReferralOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        data = ReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            referral = services.referral_create(**data.validated_data)
        except DjangoValidationError as error:
            return _validation_error(error)
        return Response(ReferralOutputSerializer(referral).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    put=extend_schema(
        request=ReferralUpdateInputSerializer,
        responses={200: ReferralOutputSerializer, 409: ConflictSerializer},
    ),
    patch=extend_schema(
        request=ReferralUpdateInputSerializer,
        responses={200: ReferralOutputSerializer, 409: ConflictSerializer},
    ),
)
class ReferralDetailApi(CaseworkApi):
    serializer_class = ReferralOutputSerializer

    def _referral(self, reference: str):
        if "\x00" in reference:
            # PostgreSQL text cannot hold NUL, so no referral has it; asking would be a 500.
            raise NotFound
        return get_object_or_404(
            selectors.referral_list_visible_to(self.request.user), reference=reference
        )

    def get(self, request: Request, reference: str) -> Response:
        referral = self._referral(reference)
        access_event_record(
            request=request,
            obj=referral,
            carer_id=referral.carer_id,
            action=AccessEvent.Action.API_READ,
        )
        return Response(ReferralOutputSerializer(referral).data)

    def _update(self, request: Request, reference: str, *, partial: bool) -> Response:
        referral = self._referral(reference)
        data = ReferralUpdateInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            return Response(
                {"version": ["Give the version you read"]}, status=status.HTTP_400_BAD_REQUEST
            )
        values = dict(data.validated_data)
        version = values.pop("version")
        try:
            referral = services.referral_update(referral=referral, version=version, **values)
        except EditConflict:
            referral.refresh_from_db()
            return _conflict(referral)
        except DjangoValidationError as error:
            return _validation_error(error)
        return Response(ReferralOutputSerializer(referral).data)

    def put(self, request: Request, reference: str) -> Response:
        return self._update(request, reference, partial=False)

    def patch(self, request: Request, reference: str) -> Response:
        return self._update(request, reference, partial=True)
