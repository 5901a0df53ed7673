import datetime

import pytest
from django.utils import timezone

from services_directory import selectors
from services_directory.models import ServiceStatus
from tests.services_directory.factories import ServiceFactory, full_service, term

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return [service.name for service in queryset]


def test_support_planning_lists_active_services_with_freshness(settings):
    settings.DIRECTORY_STALE_AFTER_MONTHS = 12
    today = timezone.localdate()
    ServiceFactory(name="Fresh", last_verified_on=today, capacity=5, uptake=1)
    ServiceFactory(name="Stale", last_verified_on=today - datetime.timedelta(days=400))
    ServiceFactory(name="Full", capacity=5, uptake=5)
    ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    ServiceFactory(name="Gone", status=ServiceStatus.DEFUNCT)
    services = {s.name: s for s in selectors.service_list_for_support_planning()}
    assert sorted(services) == ["Fresh", "Full", "Stale"]
    assert (services["Fresh"].is_stale, services["Fresh"].is_at_capacity) == (False, False)
    assert services["Stale"].is_stale is True
    assert services["Full"].is_at_capacity is True


def test_stale_after_months_setting_is_respected(settings):
    ServiceFactory(
        name="Checked 4 months ago",
        last_verified_on=timezone.localdate() - datetime.timedelta(days=125),
    )
    settings.DIRECTORY_STALE_AFTER_MONTHS = 12
    assert selectors.service_list_for_support_planning().get().is_stale is False
    settings.DIRECTORY_STALE_AFTER_MONTHS = 3
    assert selectors.service_list_for_support_planning().get().is_stale is True


def test_support_planning_filters():
    ServiceFactory(name="Young carers club", minimum_age=5, maximum_age=17)
    ServiceFactory(
        name="Yarmouth sitting", areas=["NR30"], terms=[term("respite-and-replacement-care")]
    )
    ServiceFactory(name="Helpline", terms=[term("helpline")])
    assert names(selectors.service_list_for_support_planning(age=40)) == [
        "Helpline",
        "Yarmouth sitting",
    ]
    assert names(selectors.service_list_for_support_planning(postcode_district="NR1 1AA")) == [
        "Helpline",
        "Young carers club",
    ]
    assert names(selectors.service_list_for_support_planning(term_id=term("helpline").id)) == [
        "Helpline"
    ]
    assert names(selectors.service_list_for_support_planning(search="replacement")) == [
        "Yarmouth sitting"
    ]


def test_service_get_returns_everything_or_none(django_assert_num_queries):
    service = full_service()
    # The service, then terms, contacts, phones, schedules, costs, contracts and locations.
    with django_assert_num_queries(8):
        found = selectors.service_get(service_id=service.id)
        assert found.contacts.all()[0].phones.all()[0].number == "01603 123456"
        assert found.contracts.all()[0].funding_stream == "care_act"
    assert selectors.service_get(service_id="not-a-uuid") is None
    assert selectors.service_get(service_id=ServiceFactory(status="defunct").id) is None


def test_managers_see_every_service_others_see_public_ones(world):
    ServiceFactory(name="Running")
    ServiceFactory(name="Paused", status=ServiceStatus.INACTIVE)
    assert names(selectors.service_list_visible_to(world.user("administrator"))) == [
        "Paused",
        "Running",
    ]
    assert names(selectors.service_list_visible_to(world.user("assessor"))) == ["Running"]
    assert names(selectors.service_list_visible_to(None)) == ["Running"]
