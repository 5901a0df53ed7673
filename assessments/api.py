from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import selectors, services
from assessments.exceptions import NotEditable
from assessments.serializers import (
    AssessmentAnswersSerializer,
    AssessmentCreateSerializer,
    AssessmentSerializer,
    CompleteSerializer,
)
from carers_portal.accounts.api_permissions import HasObjectPermission, HasRole
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES
from carers_portal.accounts.services import access_event_record
from carers_portal.api_schema import ErrorSerializer
from triage.models import Referral
from triage.selectors import carer_list_visible_to


def _field_errors(error: DjangoValidationError) -> dict:
    return (
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Carer's assessments, scoped like the pages: casework staff see their teams' carers'."""

    permission_classes = [HasRole, HasObjectPermission]
    object_permissions = {
        "retrieve": "assessments.view_assessment",
        "complete": "assessments.change_assessment",
    }
    serializer_class = AssessmentSerializer
    filterset_fields = ["status", "kind", "eligibility_outcome", "carer"]

    @property
    def allowed_roles(self) -> frozenset:
        return EDITOR_ROLES if self.action in {"create", "complete"} else CASEWORK_ROLES

    def get_queryset(self):
        return selectors.assessment_list_visible_to(self.request.user).order_by(
            "-started_on", "-id"
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        assessment = self.get_object()
        access_event_record(
            request=request,
            obj=assessment,
            carer_id=assessment.carer_id,
            action=AccessEvent.Action.API_READ,
        )
        return Response(self.get_serializer(assessment).data)

    @extend_schema(request=AssessmentCreateSerializer, responses=AssessmentSerializer)
    def create(self, request: Request, *args, **kwargs) -> Response:
        given = AssessmentCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        carer = get_object_or_404(carer_list_visible_to(request.user), pk=data["carer"])
        if not request.user.has_perm("assessments.add_assessment", carer):
            raise NotFound
        answers = AssessmentAnswersSerializer(data=data.get("answers") or {}, partial=True)
        if not answers.is_valid():
            return Response({"answers": answers.errors}, status=status.HTTP_400_BAD_REQUEST)
        unknown = set(data.get("answers") or {}) - set(answers.fields)
        if unknown:
            return Response(
                {"answers": {name: ["This answer cannot be set"] for name in sorted(unknown)}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        related = {}
        if data.get("referral"):
            related["referral"] = Referral.objects.filter(carer=carer, pk=data["referral"]).first()
            if related["referral"] is None:
                return Response(
                    {"referral": ["Select a referral for this carer"]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        if data.get("cared_for"):
            link = carer.relationships.filter(cared_for_id=data["cared_for"]).first()
            if link is None:
                return Response(
                    {"cared_for": ["Select a person this carer looks after"]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            related["cared_for"] = link.cared_for
        if data.get("review_of"):
            related["review_of"] = (
                selectors.review_candidates_for_carer(carer=carer)
                .filter(pk=data["review_of"])
                .first()
            )
            if related["review_of"] is None:
                return Response(
                    {"review_of": ["Select a completed assessment of this carer"]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        try:
            # One transaction: an assessment is never left started with half its answers.
            with transaction.atomic():
                assessment = services.assessment_start(
                    carer=carer,
                    kind=data["kind"],
                    assessor=request.user,
                    started_on=data.get("started_on"),
                    **related,
                )
                if answers.validated_data:
                    assessment = services.assessment_update(
                        assessment=assessment,
                        version=assessment.version,
                        user=request.user,
                        changes=dict(answers.validated_data),
                    )
        except DjangoValidationError as error:
            return Response(_field_errors(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CompleteSerializer, responses={200: AssessmentSerializer, 409: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk=None) -> Response:
        """Applies the same rules as the check-answers page. 409 if stale (the shared conflict
        answer, with the current version) or already complete."""
        assessment = self.get_object()
        given = CompleteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            assessment = services.assessment_complete(
                assessment=assessment, version=given.validated_data["version"], user=request.user
            )
        except NotEditable as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            return Response(_field_errors(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(assessment).data)
