import pytest

from assessments import services
from tests.assessments.factories import ELIGIBLE_ANSWERS


@pytest.fixture
def start(world):
    """Start an assessment of carer A (team X) by the team X assessor, through the service."""

    def make(kind="separate", carer=None, **kwargs):
        return services.assessment_start(
            carer=carer or world.carer_a, kind=kind, assessor=world.user("assessor"), **kwargs
        )

    return make


@pytest.fixture
def answered(world, start):
    """A separate assessment with every answer needed for an eligible outcome."""

    def make(**extra):
        assessment = start()
        return services.assessment_update(
            assessment=assessment,
            version=assessment.version,
            user=world.user("assessor"),
            changes={**ELIGIBLE_ANSWERS, **extra},
        )

    return make
