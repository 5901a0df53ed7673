"""Writes for the services directory. The admin and the demo seeder call these."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carers_portal.versioning import save_versioned
from services_directory.models import Contract, Organisation, Service

# What an update writes: every column the admin form or a service can change.
_SERVICE_COLUMNS = tuple(
    field.attname
    for field in Service._meta.concrete_fields
    if not field.primary_key and field.name not in {"version", "created_at", "updated_at"}
)


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def service_save(*, service: Service, expected_version: int | None = None) -> Service:
    """Create or update a service. An update with `expected_version` only succeeds if nobody
    else saved in between (optimistic concurrency), so nothing is silently overwritten."""
    if service._state.adding:
        service.full_clean()
        service.version = 1
        service.save()
        return service
    version = service.version if expected_version is None else expected_version
    return save_versioned(service, version=version, fields=_SERVICE_COLUMNS)


@transaction.atomic
def service_verify(*, service: Service, verified_on: datetime.date | None = None) -> Service:
    """Record that the details were checked with the provider."""
    service.last_verified_on = verified_on or timezone.localdate()
    return service_save(service=service)


@transaction.atomic
def contract_save(*, contract: Contract) -> Contract:
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_create(
    *,
    service: Service,
    reference: str,
    value_per_year: Decimal,
    start_date: datetime.date,
    end_date: datetime.date | None,
    funding_stream: str,
    budget_line_code: str = "",
) -> Contract:
    return contract_save(
        contract=Contract(
            service=service,
            reference=reference,
            value_per_year=value_per_year,
            start_date=start_date,
            end_date=end_date,
            funding_stream=funding_stream,
            budget_line_code=budget_line_code,
        )
    )
