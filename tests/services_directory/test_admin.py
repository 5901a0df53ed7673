import pytest
from django.urls import reverse

from services_directory.models import Service
from tests.factories import UserFactory
from tests.services_directory.factories import ContractFactory, full_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(
        UserFactory(
            username="directory-admin", role="administrator", is_staff=True, is_superuser=True
        )
    )


def form_data(service: Service, **changes) -> dict:
    data = {
        "read_version": service.version,
        "organisation": service.organisation_id,
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "uptake": service.uptake,
        "last_verified_on": service.last_verified_on.isoformat(),
        "taxonomy_terms": [t.id for t in service.taxonomy_terms.all()],
        "carer_types": "",
        "areas": "",
    }
    for prefix in [
        "contacts",
        "schedules",
        "cost_options",
        "service_at_locations",
        "contracts",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_directory_admin_pages_load(admin_client):
    service = full_service()
    contract = ContractFactory(service=service)
    for url in [
        reverse("admin:services_directory_service_changelist"),
        reverse("admin:services_directory_service_change", args=[service.id]),
        reverse("admin:services_directory_organisation_changelist"),
        reverse("admin:services_directory_contract_changelist"),
        reverse("admin:services_directory_contract_change", args=[contract.id]),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_edit_is_saved_through_the_service_layer(admin_client):
    service = full_service()
    service.contacts.all().delete()
    service.schedules.all().delete()
    service.cost_options.all().delete()
    service.service_at_locations.all().delete()
    service.contracts.all().delete()
    url = reverse("admin:services_directory_service_change", args=[service.id])
    response = admin_client.post(url, form_data(service, name="Renamed", areas="nr2, nr1"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    service.refresh_from_db()
    assert (service.name, service.version, service.areas) == ("Renamed", 2, ["NR1", "NR2"])


def test_admin_edit_over_someone_elses_change_keeps_what_was_typed(admin_client):
    service = full_service()
    for related in ("contacts", "schedules", "cost_options", "service_at_locations", "contracts"):
        getattr(service, related).all().delete()
    stale_form = form_data(service, name="My change")
    Service.objects.filter(pk=service.pk).update(name="Their change", version=2)
    response = admin_client.post(
        reverse("admin:services_directory_service_change", args=[service.id]), stale_form
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this service" in html
    assert 'value="My change"' in html
    service.refresh_from_db()
    assert service.name == "Their change"
