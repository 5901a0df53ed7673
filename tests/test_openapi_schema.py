"""The OpenAPI schema at /api/schema/ generates cleanly and tells clients the truth."""

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_generates_with_no_errors_or_warnings(tmp_path):
    # Earlier generations in this process would otherwise count towards --fail-on-warn.
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml")
    )
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3.0.3")


def test_every_operation_documents_its_error_answers(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            # A role without access, or a record outside scope, is 404; signed out is 403.
            assert {"403", "404"} <= set(responses), f"{method} {path}"
            if "requestBody" in operation:
                assert {"400", "415"} <= set(responses), f"{method} {path}"


def test_edits_with_a_version_document_the_conflict(schema):
    paths = schema["paths"]
    for path in ("/api/v1/carers/{id}/", "/api/v1/referrals/{reference}/"):
        for method in ("put", "patch"):
            assert "409" in paths[path][method]["responses"], f"{method} {path}"
    assert "409" in paths["/api/v1/reporting/budget/lines/{line_id}/"]["patch"]["responses"]
    # Completing a stale or already completed assessment.
    assert "409" in paths["/api/v1/assessments/{id}/complete/"]["post"]["responses"]


def test_request_bodies_are_the_input_not_the_output(schema):
    create = schema["paths"]["/api/v1/carers/"]["post"]
    ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert "version" not in fields and "is_young_carer" not in fields
    assert "201" in create["responses"]


def test_unanswered_choices_may_be_blank_in_responses(schema):
    properties = schema["components"]["schemas"]["Assessment"]["properties"]
    outcome = properties["outcome_home"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in outcome["oneOf"]
    carer = schema["components"]["schemas"]["CarerOutput"]["properties"]
    assert "format" not in carer["email"]


def test_reporting_operations_document_their_parameters_and_bodies(schema):
    ni135 = schema["paths"]["/api/v1/reporting/ni135/"]["get"]
    assert {p["name"] for p in ni135["parameters"]} == {"from", "to"}
    assert "200" in ni135["responses"]
    budget = schema["paths"]["/api/v1/reporting/budget/"]["get"]
    assert {p["name"] for p in budget["parameters"]} == {"year"}
