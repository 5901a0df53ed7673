from rest_framework import serializers

from support_plans.models import PlanItem, ServiceReferral, SupportPlan


class ServiceReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceReferral
        fields = ["id", "status", "sent_on", "accepted_on", "declined_on", "started_on", "ended_on"]


class PlanItemSerializer(serializers.ModelSerializer):
    service = serializers.UUIDField(source="service_id", allow_null=True, read_only=True)
    service_name = serializers.CharField(source="service.name", default=None, read_only=True)
    referrals = ServiceReferralSerializer(many=True, read_only=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "service",
            "service_name",
            "description",
            "frequency",
            "cost",
            "annual_cost",
            "funding_stream",
            "budget_line_code",
            "delivery_mechanism",
            "for_cared_for_person",
            "starts_on",
            "ends_on",
            "referrals",
        ]


class SupportPlanListSerializer(serializers.ModelSerializer):
    carer_name = serializers.CharField(source="carer.full_name", read_only=True)

    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "reference",
            "carer",
            "carer_name",
            "assessment",
            "team",
            "status",
            "starts_on",
            "ends_on",
            "agreed_on",
            "personal_budget",
            "direct_payment_amount",
            "direct_payment_frequency",
            "carer_agreed",
            "next_review_due",
            "review_requested_on",
            "version",
        ]


class SupportPlanDetailSerializer(SupportPlanListSerializer):
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta(SupportPlanListSerializer.Meta):
        fields = [
            *SupportPlanListSerializer.Meta.fields,
            "needs_identified",
            "needs_to_be_met",
            "outcomes_wanted",
            "advice_and_information",
            "contingency_arrangements",
            "direct_payment_needs",
            "agreement_method",
            "items",
        ]
