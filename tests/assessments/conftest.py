import importlib

import pytest

from assessments import services
from tests.assessments.factories import ELIGIBLE_ANSWERS, EVERY_SECTION_DONE

SEEDED_BANDS = importlib.import_module("assessments.migrations.0002_seed_allocation_bands").BANDS


@pytest.fixture(autouse=True)
def _allocation_bands(request):
    """The band table comes from a data migration, which any transactional test's flush
    empties; put the seeded rows back so each test sees the table a real install has."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from assessments.models import ResourceAllocationBand

    for name, low, high, amount in SEEDED_BANDS:
        ResourceAllocationBand.objects.get_or_create(
            name=name, defaults={"min_score": low, "max_score": high, "amount": amount}
        )


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
    """A separate assessment with every answer needed for an eligible outcome, every section
    finished."""

    def make(**extra):
        assessment = start()
        return services.assessment_update(
            assessment=assessment,
            version=assessment.version,
            user=world.user("assessor"),
            changes={**ELIGIBLE_ANSWERS, **EVERY_SECTION_DONE, **extra},
        )

    return make
