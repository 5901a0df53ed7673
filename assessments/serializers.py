from rest_framework import serializers

from assessments.models import Assessment
from assessments.services import ANSWER_FIELDS

READ_ONLY = [
    "id",
    "carer",
    "referral",
    "kind",
    "status",
    "started_on",
    "completed_on",
    "team",
    "assessor",
    "is_young_carer",
    "review_of",
    "rules_outcome",
    "eligibility_reasons",
    "impact_score",
    "indicative_band",
    "indicative_budget",
    "approved_by",
    "approved_at",
    "returned_reason",
    "next_review_due",
    "review_overdue",
    "version",
    "created_at",
    "updated_at",
]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [*READ_ONLY, *(f for f in ANSWER_FIELDS if f != "sections_completed")]
        read_only_fields = fields


class AssessmentCreateSerializer(serializers.Serializer):
    """Start an assessment; answers may be given at once (they are saved through the service)."""

    carer = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Assessment._meta.get_field("kind").choices)
    referral = serializers.IntegerField(required=False, allow_null=True)
    cared_for = serializers.IntegerField(required=False, allow_null=True)
    review_of = serializers.IntegerField(required=False, allow_null=True)
    started_on = serializers.DateField(required=False)
    answers = serializers.DictField(required=False, default=dict)


class AssessmentAnswersSerializer(serializers.ModelSerializer):
    """Validates answer values with the model's own field rules (choices, dates, decimals)."""

    class Meta:
        model = Assessment
        fields = [f for f in ANSWER_FIELDS if f not in {"cared_for", "sections_completed"}]
        extra_kwargs = {name: {"required": False} for name in fields}


class CompleteSerializer(serializers.Serializer):
    version = serializers.IntegerField()
