from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from carers_portal.accounts.api_permissions import HasObjectPermission, HasRole
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record
from support_plans import selectors
from support_plans.models import PlanItem, ServiceReferral
from support_plans.serializers import SupportPlanDetailSerializer, SupportPlanListSerializer


class SupportPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Support plans: casework staff see their teams' carers' plans; a carer's token sees
    only that carer's agreed plans."""

    permission_classes = [HasRole, HasObjectPermission]
    object_permissions = {"retrieve": "support_plans.view_supportplan"}
    allowed_roles = CASEWORK_ROLES | {Role.CARER}
    filterset_fields = ["status", "carer"]

    def get_serializer_class(self):
        return (
            SupportPlanDetailSerializer if self.action == "retrieve" else SupportPlanListSerializer
        )

    def get_queryset(self):
        plans = selectors.support_plan_list_visible_to(self.request.user).order_by(
            "-starts_on", "-id"
        )
        if self.action == "retrieve":
            plans = plans.prefetch_related(
                Prefetch(
                    "items",
                    queryset=PlanItem.objects.select_related("service").prefetch_related(
                        Prefetch("referrals", queryset=ServiceReferral.objects.order_by("-sent_on"))
                    ),
                )
            )
        return plans

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        plan = self.get_object()
        access_event_record(
            request=request, obj=plan, carer_id=plan.carer_id, action=AccessEvent.Action.API_READ
        )
        return Response(self.get_serializer(plan).data)
