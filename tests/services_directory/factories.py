import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from services_directory.models import (
    Contact,
    Contract,
    CostOption,
    FundingStream,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from services_directory.taxonomy import ensure_carer_support_taxonomy


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Carers Trust Partner {n}")
    description = "A local charity supporting unpaid carers."
    email = factory.Sequence(lambda n: f"hello{n}@example.org")
    website = "https://example.org"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Carer support service {n}")
    description = "Support for unpaid carers."
    status = ServiceStatus.ACTIVE
    last_verified_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        if create and extracted:
            self.taxonomy_terms.set(extracted)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Carers Centre {n}")
    address_1 = "1 Market Street"
    city = "Norwich"
    state_province = "Norfolk"
    postal_code = "NR1 3QU"


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Carers Hub"
    title = "Duty adviser"


class PhoneFactory(DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    number = "01603 123456"


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "MO,WE"
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(17, 0)
    description = "Monday and Wednesday"


class CostOptionFactory(DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory)
    option = "Per session"
    amount = Decimal("5.00")


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    service = factory.SubFactory(ServiceFactory)
    reference = factory.Sequence(lambda n: f"CSS-{n:04d}")
    value_per_year = Decimal("120000.00")
    start_date = datetime.date(2025, 4, 1)
    end_date = datetime.date(2028, 3, 31)
    funding_stream = FundingStream.CARE_ACT


def term(code: str) -> TaxonomyTerm:
    # Transactional (browser) tests flush the terms the data migration seeded.
    if not TaxonomyTerm.objects.filter(code=code).exists():
        ensure_carer_support_taxonomy(Taxonomy, TaxonomyTerm)
    return TaxonomyTerm.objects.get(code=code)


def full_service(**kwargs) -> Service:
    """A service with every related record, as the ORUK feed and detail page show it."""
    service = ServiceFactory(terms=[term("information-and-advice"), term("helpline")], **kwargs)
    PhoneFactory(contact=ContactFactory(service=service))
    ScheduleFactory(service=service)
    CostOptionFactory(service=service)
    ServiceAtLocationFactory(service=service)
    ContractFactory(service=service)
    return service
