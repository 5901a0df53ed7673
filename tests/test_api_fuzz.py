"""API fuzzing: schemathesis drives every documented operation as each kind of user.

For each role, every operation in the drf-spectacular schema gets schema-valid and
schema-invalid requests (some aimed at records the user can see, most at random ids),
through the WSGI app in this test's transaction. Every response must be a non-5xx whose
status code, content type and body the schema documents.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from tests.emergency_cards.factories import plan_for
from tests.factories import CaringRelationshipFactory
from tests.support_plans.factories import (
    ActivePlanFactory,
    EligibleAssessmentFactory,
    ServiceFactory,
)
from tests.triage.factories import ReferralFactory

# The assessor stands for casework staff in team X (they may also start and complete
# assessments); the responder is the only role that may look a card up.
ROLES = ["assessor", "carer", "commissioner", "administrator", "responder"]
# Every built-in check runs. A schema-valid body can still be refused with 400 by rules a
# schema cannot state (an NHS number's check digit, a carer outside your teams, a budget
# over-allocated), so "valid data accepted" allows 400 as well.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
            }
        }
    }
)
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 12}


@pytest.fixture
def wsgi_app():
    # As Django's test client does: requests must not close the connection that holds
    # this test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document)), config=CONFIG
    )
    schema.app = wsgi_app
    return schema


def _records(world) -> dict[str, object]:
    """Path values of real records in team X, so some requests reach past the 404."""
    link = CaringRelationshipFactory(carer=world.carer_a)
    assessment = EligibleAssessmentFactory(carer=world.carer_a)
    return {
        "carer": world.carer_a.pk,
        "referral": ReferralFactory(team=world.team_x, carer=world.carer_a).reference,
        "assessment": assessment.pk,
        "plan": ActivePlanFactory(assessment=assessment).pk,
        "card": plan_for(world.carer_a, cared_for_link=link).pk,
        "service": str(ServiceFactory().pk),
    }


def _known_path(path: str, records: dict) -> dict | None:
    for prefix, (name, key) in {
        "/api/v1/carers/{id}/": ("id", "carer"),
        "/api/v1/referrals/{reference}/": ("reference", "referral"),
        "/api/v1/assessments/{id}/": ("id", "assessment"),
        "/api/v1/support-plans/{id}/": ("id", "plan"),
        "/api/v1/emergency-cards/{id}/": ("id", "card"),
        "/api/v1/services/{service_id}/": ("service_id", "service"),
    }.items():
        if path.startswith(prefix):
            return {name: records[key]}
    return None


def _nul_probes(operation) -> list:
    """A NUL in each free-text path or query value: PostgreSQL text cannot hold one, so
    anything passed unparsed to the ORM is a 500. Random strings rarely contain it."""
    probes = []
    for parameter in operation.iter_parameters():
        schema = parameter.definition.get("schema", {})
        if schema.get("type") != "string" or "enum" in schema or "format" in schema:
            continue
        if parameter.location.value == "query":
            probes.append(operation.as_strategy(query={parameter.name: "a\x00"}))
        elif parameter.location.value == "path":
            probes.append(operation.as_strategy(path_parameters={parameter.name: "a\x00"}))
    return probes


def _fuzz(strategy, *, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        case.call_and_validate()

    call()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented(role, world, api_schema):
    user = world.user(role)
    _, key = AuthToken.objects.create(user=user)

    @api_schema.auth()
    class TokenAuth:
        # Registered as the schema's auth, so the ignored_auth check knows these credentials
        # are real and probes the operation without them.
        def get(self, case, context):
            return key

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    records = _records(world)
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Every /api/v1/ operation is fuzzed: none may be left out of the schema unnoticed.
    assert len(operations) >= 27
    for operation in operations:
        known = _known_path(operation.path, records)
        for mode, examples in EXAMPLES.items():
            strategies = [operation.as_strategy(generation_mode=mode)]
            if known is not None:
                strategies.append(
                    operation.as_strategy(generation_mode=mode, path_parameters=known)
                )
            if mode is GenerationMode.POSITIVE:
                strategies.extend(_nul_probes(operation))
            strategy = st.one_of(*strategies)

            try:
                _fuzz(strategy, examples=examples)
            except Unsatisfiable:
                # Nothing the schema forbids can be sent here (e.g. a free-text path value).
                assert mode is GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as error:  # report every operation at once
                failures.append(
                    f"{role} {operation.method.upper()} {operation.path} [{mode.value}]:\n{error}"
                )
    assert not failures, "\n\n".join(failures)


def test_open_referral_endpoints_never_answer_a_server_error(db, wsgi_app):
    """The public ORUK API, fuzzed from the vendored ORUK OpenAPI document's parameters.

    Its response schemas point at remote files (and are checked against the vendored copies in
    tests/services_directory/test_oruk_api.py), so only "no server error" is checked here.
    """
    from schemathesis.checks import not_a_server_error

    from tests.services_directory.factories import full_service
    from tests.services_directory.oruk_schema_loader import SCHEMA_DIR

    full_service()
    document = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    document["servers"] = [{"url": "/openreferral"}]
    for parameter in document["components"]["parameters"].values():
        # The ORUK document writes `type: time`, which OpenAPI lacks: a time is a string.
        if parameter.get("schema", {}).get("type") == "time":
            parameter["schema"] = {"type": "string"}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"] = {"default": {"description": "Any answer"}}
    schema = schemathesis.openapi.from_dict(document)
    schema.app = wsgi_app
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():
            strategies = [operation.as_strategy(generation_mode=mode)]
            if mode is GenerationMode.POSITIVE:
                strategies.extend(_nul_probes(operation))

            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=st.one_of(*strategies))
            def call(case):
                case.call_and_validate(checks=[not_a_server_error])

            try:
                call()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as error:
                failures.append(
                    f"{operation.method.upper()} {operation.path} [{mode.value}]:\n{error}"
                )
    assert not failures, "\n\n".join(failures)
