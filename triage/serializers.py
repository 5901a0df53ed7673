"""The carers and referrals API's input and output: the same validation as the pages' forms."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from carers_portal.api_schema import ErrorSerializer
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


class ConflictSerializer(ErrorSerializer):
    version = serializers.IntegerField(help_text="The version now saved; read it again first")


class CarerQuerySerializer(serializers.Serializer):
    # Parsed like every other input, so e.g. a NUL character is a 400, not a database error.
    q = serializers.CharField(
        required=False, default="", help_text="Name, postcode or NHS number", max_length=200
    )


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
