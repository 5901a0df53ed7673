"""OpenAPI schema generation: the error answers every API view gives are documented too.

Without this the schema lists only each view's success answer, so a client (or the
schemathesis fuzz test) cannot tell a documented 404 from a surprise.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """DRF's error body: {"detail": "..."}; some views add fields (e.g. the current version)."""

    detail = serializers.CharField()


VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": (
            'Field name (or "non_field_errors" / "detail") to its messages; nested input '
            "gives nested errors."
        ),
        "additionalProperties": {},
    },
)

ERROR_ANSWERS = {
    # HasRole answers 404 to a signed-in user without the role, and out-of-scope records
    # are 404 too, so an endpoint never confirms what lies behind it.
    "404": "Not found, outside your scope, or not an endpoint your role may use",
    "403": "Not signed in",
}


def _model_field_is_blank(field: serializers.Field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class CarersAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops allow_blank from read-only model fields, yet an unanswered choice is
        # still sent as "": the schema must allow it or every unfinished record breaks it.
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and _model_field_is_blank(field)
        ):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                # DRF fields, django-filter and the paginator all read "?status=" as "not given".
                parameter.setdefault("allowEmptyValue", True)
        responses = operation["responses"]
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        takes_input = "requestBody" in operation or any(
            parameter["in"] == "query" for parameter in operation.get("parameters", [])
        )
        if takes_input and "400" not in responses:
            self.registry.register_on_missing(VALIDATION_ERROR)
            responses["400"] = {
                "content": {"application/json": {"schema": VALIDATION_ERROR.ref}},
                "description": "The input is not valid",
            }
        if "requestBody" in operation:
            responses.setdefault(
                "415",
                {
                    "content": {"application/json": {"schema": error}},
                    "description": "The body is not JSON, form or multipart data",
                },
            )
        # Any path or query holding a control character is refused before the view
        # (carers_portal/middleware.py), so every operation can answer 400.
        responses.setdefault(
            "400",
            {
                "content": {"application/json": {"schema": error}},
                "description": "The address holds a character that is not allowed",
            },
        )
        for code, description in ERROR_ANSWERS.items():
            responses.setdefault(
                code,
                {"content": {"application/json": {"schema": error}}, "description": description},
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation
