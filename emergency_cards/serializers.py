from rest_framework import serializers

from emergency_cards import rules
from emergency_cards.models import Availability, EmergencyContact, EmergencyPlan
from emergency_cards.services import PLAN_FIELDS


class ContactSerializer(serializers.ModelSerializer):
    availability = serializers.ChoiceField(choices=Availability.choices)

    class Meta:
        model = EmergencyContact
        fields = [
            "order",
            "name",
            "relationship",
            "phone",
            "availability",
            "availability_notes",
            "consents_to_contact",
            "consents_to_share",
            "consent_recorded_on",
        ]
        read_only_fields = ["order", "consent_recorded_on"]


class PlanSerializer(serializers.ModelSerializer):
    """Staff view of a plan. Key access can be written but is never read back."""

    card_number = serializers.SerializerMethodField()
    key_access = serializers.CharField(write_only=True, required=False, allow_blank=True)
    key_access_recorded = serializers.BooleanField(read_only=True)
    contacts = ContactSerializer(many=True)
    carer = serializers.IntegerField(source="carer_id")
    cared_for = serializers.IntegerField(source="cared_for_id")

    class Meta:
        model = EmergencyPlan
        fields = [
            "id",
            "carer",
            "cared_for",
            *PLAN_FIELDS,
            "key_access",
            "key_access_recorded",
            "contacts",
            "card_number",
            "status",
            "status_reason",
            "issued_on",
            "confirmed_on",
            "review_due",
            "review_status",
            "version",
        ]
        read_only_fields = [
            "status",
            "status_reason",
            "issued_on",
            "confirmed_on",
            "review_due",
            "review_status",
            "version",
        ]

    def get_card_number(self, plan: EmergencyPlan) -> str:
        card = plan.current_card
        return card.card_number if card else ""

    def validate_contacts(self, contacts: list[dict]) -> list[dict]:
        if not rules.MIN_CONTACTS <= len(contacts) <= rules.MAX_CONTACTS:
            raise serializers.ValidationError(
                f"Add {rules.MIN_CONTACTS} or {rules.MAX_CONTACTS} emergency contacts"
            )
        return contacts


class LookupSerializer(serializers.Serializer):
    card_number = serializers.CharField(max_length=30)
    reason = serializers.CharField(max_length=200)


class ResponderContactSerializer(serializers.ModelSerializer):
    availability = serializers.CharField(source="get_availability_display")

    class Meta:
        model = EmergencyContact
        fields = ["order", "name", "relationship", "phone", "availability", "availability_notes"]


class ResponderPlanSerializer(serializers.ModelSerializer):
    """What the 24-hour responder needs to act, key access included."""

    carer_name = serializers.CharField(source="carer.full_name")
    carer_phone = serializers.CharField(source="carer.phone")
    carer_address = serializers.SerializerMethodField()
    cared_for_name = serializers.CharField(source="cared_for.__str__")
    contacts = ResponderContactSerializer(many=True)
    card_number = serializers.SerializerMethodField()

    class Meta:
        model = EmergencyPlan
        fields = [
            "id",
            "card_number",
            "carer_name",
            "carer_phone",
            "carer_address",
            "cared_for_name",
            *PLAN_FIELDS,
            "key_access",
            "contacts",
        ]

    def get_card_number(self, plan: EmergencyPlan) -> str:
        card = plan.current_card
        return card.card_number if card else ""

    def get_carer_address(self, plan: EmergencyPlan) -> str:
        carer = plan.carer
        parts = [carer.address_line_1, carer.address_line_2, carer.town, carer.postcode]
        return ", ".join(p for p in parts if p)
