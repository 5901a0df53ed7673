from django.contrib.auth.models import Permission

from tests.routes import CASEWORK, Route


def routes(world) -> list[Route]:
    # The governance lead is an administrator holding the lead permission.
    world.user("administrator").user_permissions.add(
        Permission.objects.get(codename="lead_information_governance")
    )
    lead = frozenset({"administrator"})
    return [
        Route("governance:carer-restriction", CASEWORK, kwargs={"pk": world.carer_a.pk}),
        Route("governance:access-review", lead | {"team_manager"}),
        Route("governance:access-review", lead | {"team_manager"}, query="flagged=on"),
        Route("governance:retention", lead),
        Route("governance:sar-list", lead),
    ]
