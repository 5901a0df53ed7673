from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from carers_portal.accounts.api_permissions import HasRole
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from emergency_cards import selectors, services
from emergency_cards.models import EmergencyPlan
from emergency_cards.serializers import (
    LookupSerializer,
    PlanSerializer,
    ResponderPlanSerializer,
)
from triage.selectors import carer_list_visible_to

LOOKUP_STATUS = {
    "invalid": status.HTTP_400_BAD_REQUEST,
    "unknown": status.HTTP_404_NOT_FOUND,
    "not_in_use": status.HTTP_404_NOT_FOUND,
    "throttled": status.HTTP_429_TOO_MANY_REQUESTS,
}


class EmergencyCardFilter(filters.FilterSet):
    # A plain number, not a choice of every carer: a 400 for an unknown id would confirm
    # which ids exist outside the user's teams.
    carer = filters.NumberFilter(field_name="carer_id")

    class Meta:
        model = EmergencyPlan
        fields = ["status", "review_status"]


class EmergencyCardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Emergency plans and their cards, for casework staff in the carer's team."""

    permission_classes = [HasRole]
    allowed_roles = CASEWORK_ROLES
    serializer_class = PlanSerializer
    filterset_class = EmergencyCardFilter

    def get_queryset(self):
        return selectors.plan_list_visible_to(self.request.user).order_by("-issued_on", "-id")

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        plan = self.get_object()
        access_event_record(
            request=request, obj=plan, carer_id=plan.carer_id, action=AccessEvent.Action.API_READ
        )
        return Response(self.get_serializer(plan).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        carer = get_object_or_404(
            carer_list_visible_to(request.user).prefetch_related("relationships__cared_for"),
            pk=data.pop("carer_id"),
        )
        cared_for_id = data.pop("cared_for_id")
        person = next(
            (r.cared_for for r in carer.relationships.all() if r.cared_for_id == cared_for_id),
            None,
        )
        if person is None:
            return Response(
                {"cared_for": ["Choose a person this carer cares for"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        contacts = [services.ContactInput(**c) for c in data.pop("contacts")]
        try:
            plan = services.plan_register(
                carer=carer,
                cared_for=person,
                contacts=contacts,
                registered_by=request.user,
                key_access=data.pop("key_access", ""),
                **data,
            )
        except DjangoValidationError as error:
            return Response(
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages},
                status=status.HTTP_400_BAD_REQUEST,
            )
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)


class LookupRefusedSerializer(serializers.Serializer):
    card_number = serializers.ListField(child=serializers.CharField(), required=False)
    code = serializers.ChoiceField(sorted(LOOKUP_STATUS), required=False)
    detail = serializers.CharField(required=False)


class EmergencyCardLookupApi(APIView):
    """The 24-hour responder quotes a card number and a reason; both are recorded."""

    permission_classes = [HasRole]
    allowed_roles = frozenset({Role.RESPONDER})

    @extend_schema(
        request=LookupSerializer,
        responses={
            200: ResponderPlanSerializer,
            404: LookupRefusedSerializer,
            429: LookupRefusedSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = LookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            plan = services.card_lookup(
                request=request,
                card_number=serializer.validated_data["card_number"],
                reason=serializer.validated_data["reason"],
            )
        except services.LookupRefused as error:
            return Response(
                {"card_number": [error.message], "code": error.kind},
                status=LOOKUP_STATUS[error.kind],
            )
        plan = selectors.plan_list_visible_to(request.user).get(pk=plan.pk)
        return Response(ResponderPlanSerializer(plan).data)
