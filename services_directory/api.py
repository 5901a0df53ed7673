"""Staff and carer API: /api/v1/services/ (read-only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from carers_portal.accounts.api_permissions import HasRole
from carers_portal.accounts.roles import Role
from services_directory import rules, selectors


class TermOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ServiceOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()
    email = serializers.CharField()
    minimum_age = serializers.IntegerField(allow_null=True)
    maximum_age = serializers.IntegerField(allow_null=True)
    eligibility_description = serializers.CharField()
    carer_types = serializers.ListField(child=serializers.CharField())
    areas = serializers.ListField(child=serializers.CharField())
    taxonomy_terms = TermOutputSerializer(many=True, source="taxonomy_terms.all")
    capacity = serializers.IntegerField(allow_null=True)
    uptake = serializers.IntegerField()
    last_verified_on = serializers.DateField(allow_null=True)
    is_stale = serializers.BooleanField()
    is_at_capacity = serializers.BooleanField()


class FilterInputSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)
    term = serializers.UUIDField(required=False)
    postcode_district = serializers.CharField(required=False, allow_blank=True, max_length=10)

    def validate_postcode_district(self, value: str) -> str:
        if not value.strip():
            return ""
        district = rules.postcode_district(value)
        if district is None:
            raise serializers.ValidationError("Enter a postcode district, like NR1")
        return district


class ServiceApiBase(GenericAPIView):
    permission_classes = [HasRole]
    allowed_roles = frozenset(Role)
    serializer_class = ServiceOutputSerializer


class ServiceListApi(ServiceApiBase, ListAPIView):
    @extend_schema(parameters=[FilterInputSerializer])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = FilterInputSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return selectors.service_list_for_api(
            user=self.request.user,
            search=data.get("search", ""),
            term_id=data.get("term"),
            postcode_district=data.get("postcode_district") or None,
        )


class ServiceDetailApi(ServiceApiBase, RetrieveAPIView):
    lookup_url_kwarg = "service_id"

    def get_queryset(self):
        return selectors.with_freshness(
            selectors.service_list_visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related("taxonomy_terms")
        )
