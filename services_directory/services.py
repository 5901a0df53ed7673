"""Writes for the services directory. The admin and the demo seeder call these."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from services_directory.models import Contract, Organisation, Service


class ServiceChangedError(Exception):
    """Someone else saved the service after this copy was read."""

    message = "Someone else changed this service while you were editing it. Check their changes and try again."


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def service_save(*, service: Service, expected_version: int | None = None) -> Service:
    """Create or update a service. An update with `expected_version` only succeeds if nobody
    else saved in between (optimistic concurrency), so nothing is silently overwritten."""
    service.full_clean()
    if service._state.adding:
        service.version = 1
        service.save()
        return service
    version = service.version if expected_version is None else expected_version
    updated = Service.objects.filter(pk=service.pk, version=version).update(
        version=F("version") + 1
    )
    if updated == 0:
        raise ServiceChangedError(ServiceChangedError.message)
    service.version = version + 1
    service.save()
    return service


@transaction.atomic
def service_verify(*, service: Service, verified_on: datetime.date | None = None) -> Service:
    """Record that the details were checked with the provider."""
    service.last_verified_on = verified_on or timezone.localdate()
    return service_save(service=service)


@transaction.atomic
def service_uptake_set(*, service: Service, uptake: int) -> Service:
    service.uptake = uptake
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
) -> Contract:
    return contract_save(
        contract=Contract(
            service=service,
            reference=reference,
            value_per_year=value_per_year,
            start_date=start_date,
            end_date=end_date,
            funding_stream=funding_stream,
        )
    )
