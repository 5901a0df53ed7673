"""Open Referral UK v3.0 representations of directory records.

Plain mapping functions from prefetched model instances to ORUK JSON. The ORUK schemas type
fields as strings or numbers with no nulls, so empty values are left out, not sent as null.
"""

import uuid
from typing import Any

from django.conf import settings

from services_directory.models import (
    Contact,
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

ORUK_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/specifications/3.0"
ORUK_OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

# Ids for ORUK objects that are not rows of their own here (attributes, service areas,
# addresses) are derived, so they stay the same between requests.
_DERIVED = uuid.UUID("3c2e9a4f-4a57-4c1b-8f07-0d4b8f3e9a21")


def _derived_id(*parts: object) -> str:
    return str(uuid.uuid5(_DERIVED, ":".join(str(part) for part in parts)))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "")}


def organisation(org: Organisation) -> dict[str, Any]:
    return _clean(
        {
            "id": str(org.id),
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
        }
    )


def taxonomy(tax: Taxonomy) -> dict[str, Any]:
    return _clean(
        {
            "id": str(tax.id),
            "name": tax.name,
            "description": tax.description,
            "uri": tax.uri,
            "version": tax.version,
        }
    )


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return _clean(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy_id),
            "term_uri": term.term_uri,
            "term": term.code,
        }
    )


def _attribute(service: Service, term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": _derived_id("attribute", service.id, term.id),
        "link_id": str(service.id),
        "link_type": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def _address(location: Location) -> list[dict[str, Any]]:
    if not (location.address_1 and location.postal_code):
        return []
    return [
        {
            "id": _derived_id("address", location.id),
            "location_id": str(location.id),
            "address_1": location.address_1,
            "city": location.city,
            "state_province": location.state_province,
            "postal_code": location.postal_code,
            "country": location.country,
            "address_type": "physical",
        }
    ]


def location(loc: Location, *, nested: bool = True) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(loc.id),
            "location_type": loc.location_type,
            "name": loc.name,
            "description": loc.description,
            "latitude": float(loc.latitude) if loc.latitude is not None else None,
            "longitude": float(loc.longitude) if loc.longitude is not None else None,
        }
    )
    if nested:
        data["addresses"] = _address(loc)
    return data


def _schedule(schedule: Schedule) -> dict[str, Any]:
    return _clean(
        {
            "id": str(schedule.id),
            "service_id": str(schedule.service_id) if schedule.service_id else None,
            "service_at_location_id": (
                str(schedule.service_at_location_id) if schedule.service_at_location_id else None
            ),
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "description": schedule.description,
            "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else None,
            "attending_type": schedule.attending_type,
        }
    )


def _cost_option(cost: CostOption) -> dict[str, Any]:
    return _clean(
        {
            "id": str(cost.id),
            "service_id": str(cost.service_id),
            "option": cost.option,
            "amount": float(cost.amount) if cost.amount is not None else None,
            "amount_description": cost.amount_description,
            "valid_from": cost.valid_from.isoformat() if cost.valid_from else None,
            "valid_to": cost.valid_to.isoformat() if cost.valid_to else None,
        }
    )


def _contact(contact: Contact) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(contact.id),
            "service_id": str(contact.service_id),
            "name": contact.name,
            "title": contact.title,
        }
    )
    # HSDS 3.0 nests phones under their contact.
    data["phones"] = [
        _clean(
            {
                "id": str(phone.id),
                "contact_id": str(contact.id),
                "number": phone.number,
                "description": phone.description,
            }
        )
        for phone in contact.phones.all()
    ]
    return data


def _service_one_to_one(service: Service) -> dict[str, Any]:
    return _clean(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": (
                service.last_verified_on.isoformat() if service.last_verified_on else None
            ),
            "alert": service.alert,
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
        }
    )


def service_summary(service: Service) -> dict[str, Any]:
    """The /services list item: one-to-one fields, the organisation and its categories."""
    data = _service_one_to_one(service)
    data["organization"] = organisation(service.organisation)
    data["attributes"] = [_attribute(service, term) for term in service.taxonomy_terms.all()]
    return data


def service_full(service: Service, *, with_locations: bool = True) -> dict[str, Any]:
    """The fully nested /services/{id}. Needs selectors.service_detail_queryset()."""
    data = service_summary(service)
    council = settings.COUNCIL_NAME
    data.update(
        {
            "schedules": [_schedule(schedule) for schedule in service.schedules.all()],
            "service_areas": [
                {
                    "id": _derived_id("service_area", service.id, area),
                    "service_id": str(service.id),
                    "name": area,
                    "extent_type": "postcode district",
                }
                for area in service.areas
            ]
            or [
                {
                    "id": _derived_id("service_area", service.id, "all"),
                    "service_id": str(service.id),
                    "name": council,
                }
            ],
            "languages": [],
            "funding": [
                {
                    "id": _derived_id("funding", contract.id),
                    "service_id": str(service.id),
                    "source": f"{council}: {contract.get_funding_stream_display()}",
                }
                for contract in service.contracts.all()
            ],
            "cost_options": [_cost_option(cost) for cost in service.cost_options.all()],
            "contacts": [_contact(contact) for contact in service.contacts.all()],
        }
    )
    if with_locations:
        data["service_at_locations"] = [
            service_at_location(sal, with_service=False)
            for sal in service.service_at_locations.all()
        ]
    return data


def service_at_location(
    sal: ServiceAtLocation, *, with_service: bool = True, nested: bool = True
) -> dict[str, Any]:
    data = {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "location": location(sal.location, nested=nested),
    }
    if with_service:
        data["service"] = (
            service_full(sal.service, with_locations=False)
            if nested
            else {
                **_service_one_to_one(sal.service),
                "organization": organisation(sal.service.organisation),
            }
        )
    return data
