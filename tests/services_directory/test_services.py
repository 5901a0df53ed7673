import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from carers_portal.versioning import EditConflict
from services_directory import services
from services_directory.models import Service
from tests.services_directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_areas_are_stored_in_one_spelling():
    service = services.service_save(
        service=Service(
            organisation=OrganisationFactory(),
            name="Drop-in",
            description="A drop-in",
            areas=["nr2 ", "NR1", "nr2"],
        )
    )
    assert service.areas == ["NR1", "NR2"]


def test_an_area_that_is_not_a_postcode_district_is_refused():
    with pytest.raises(ValidationError) as error:
        services.service_save(
            service=Service(
                organisation=OrganisationFactory(), name="X", description="X", areas=["Norwich"]
            )
        )
    assert "Enter a postcode district, like NR1 or IP14" in str(error.value)


def test_age_range_must_be_in_order():
    with pytest.raises(ValidationError) as error:
        services.service_save(
            service=ServiceFactory.build(
                organisation=OrganisationFactory(), minimum_age=18, maximum_age=5
            )
        )
    assert "Maximum age must be the same as or more than minimum age" in str(error.value)


def test_saving_over_someone_elses_change_is_refused_and_nothing_is_overwritten():
    service = ServiceFactory(name="Original")
    mine = Service.objects.get(pk=service.pk)
    theirs = Service.objects.get(pk=service.pk)
    theirs.name = "Their change"
    services.service_save(service=theirs, expected_version=theirs.version)
    mine.name = "My change"
    with pytest.raises(EditConflict):
        services.service_save(service=mine, expected_version=1)
    service.refresh_from_db()
    assert (service.name, service.version) == ("Their change", 2)


def test_verify_records_the_date():
    service = ServiceFactory(last_verified_on=None)
    services.service_verify(service=service, verified_on=datetime.date(2026, 11, 1))
    service.refresh_from_db()
    assert service.last_verified_on == datetime.date(2026, 11, 1)


def test_contract_end_must_not_be_before_start():
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            service=ServiceFactory(),
            reference="SCC-1",
            value_per_year=Decimal("1000"),
            start_date=datetime.date(2026, 4, 1),
            end_date=datetime.date(2026, 3, 31),
            funding_stream="care_act",
        )
    assert "End date must be the same as or after start date" in str(error.value)
