from carers_portal.accounts.roles import Role
from tests.routes import ALL_SIGNED_IN, EVERYONE, Route
from tests.services_directory.factories import ServiceAtLocationFactory, ServiceFactory, term

DIRECTORY_REVIEWERS = frozenset(
    {Role.COMMISSIONER.value, Role.ADMINISTRATOR.value, Role.TEAM_MANAGER.value}
)


def routes(world) -> list[Route]:
    service = ServiceFactory()
    sal = ServiceAtLocationFactory(service=service)
    info = term("information-and-advice")
    return [
        Route("services_directory:search", EVERYONE),
        Route("services_directory:search", EVERYONE, query="q=carer&postcode=NR1"),
        Route("services_directory:service-detail", EVERYONE, kwargs={"service_id": service.id}),
        Route("services_directory:freshness", DIRECTORY_REVIEWERS),
        Route("api:service-list", ALL_SIGNED_IN, api=True),
        Route("api:service-detail", ALL_SIGNED_IN, kwargs={"service_id": service.id}, api=True),
        # Open Referral UK is public by design: no key, no sign-in.
        Route("oruk:root", EVERYONE, api=True),
        Route("oruk:service-list", EVERYONE, api=True),
        Route("oruk:service-detail", EVERYONE, kwargs={"service_id": str(service.id)}, api=True),
        Route("oruk:taxonomy-list", EVERYONE, api=True),
        Route(
            "oruk:taxonomy-detail",
            EVERYONE,
            kwargs={"taxonomy_id": str(info.taxonomy_id)},
            api=True,
        ),
        Route("oruk:taxonomy-term-list", EVERYONE, api=True),
        Route("oruk:taxonomy-term-detail", EVERYONE, kwargs={"term_id": str(info.id)}, api=True),
        Route("oruk:service-at-location-list", EVERYONE, api=True),
        Route(
            "oruk:service-at-location-detail",
            EVERYONE,
            kwargs={"service_at_location_id": str(sal.id)},
            api=True,
        ),
    ]
