"""A support plan's service search is the directory's own matching, not a copy of it."""

import pytest

from services_directory import selectors as directory
from services_directory.models import ServiceStatus
from support_plans import selectors
from tests.services_directory.factories import ServiceFactory, term

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return [service.name for service in queryset]


def test_the_carers_services_are_the_directorys_matches_for_their_age_and_district(world):
    carer = world.carer_a  # an adult in NR1
    ServiceFactory(name="Whole county")
    ServiceFactory(name="Norwich", areas=["NR1"])
    ServiceFactory(name="Ipswich", areas=["IP1"])
    ServiceFactory(name="Young carers", maximum_age=17)
    ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    found = names(selectors.service_list_for_carer(carer=carer))
    assert found == ["Norwich", "Whole county"]
    assert found == names(
        directory.service_list_for_support_planning(age=carer.age(), postcode_district="NR1")
    )


def test_searching_by_a_type_of_support_finds_services_of_that_type(world):
    ServiceFactory(name="Sitting service", terms=[term("respite-and-replacement-care")])
    ServiceFactory(name="Helpline", terms=[term("helpline")])
    assert names(selectors.service_list_for_carer(carer=world.carer_a, search="replacement")) == [
        "Sitting service"
    ]


def test_a_service_outside_the_carers_area_cannot_be_added(world):
    away = ServiceFactory(name="Ipswich", areas=["IP1"])
    near = ServiceFactory(name="Norwich", areas=["NR1"])
    assert selectors.service_get_for_carer(carer=world.carer_a, service_id=away.pk) is None
    assert selectors.service_get_for_carer(carer=world.carer_a, service_id=near.pk) == near
    assert selectors.service_get_for_carer(carer=world.carer_a, service_id="not-a-uuid") is None
