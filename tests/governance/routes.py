import datetime

from django.contrib.auth.models import Permission

from tests.routes import CASEWORK, Route


def routes(world) -> list[Route]:
    from governance.services import challenge_log

    # The governance lead is an administrator holding the lead permission.
    world.user("administrator").user_permissions.add(
        Permission.objects.get(codename="lead_information_governance")
    )
    lead = frozenset({"administrator"})
    challenge = challenge_log(
        carer=world.carer_a,
        kind="rectification",
        record_ref="details",
        carer_says="My phone number is wrong",
        received_on=datetime.date(2026, 11, 2),
        by=world.user("triage_worker"),
    )
    carer = {"pk": world.carer_a.pk}
    return [
        Route("governance:carer-restriction", CASEWORK, kwargs=carer),
        Route("governance:carer-challenges", CASEWORK, kwargs=carer),
        Route("governance:challenge-log", CASEWORK, kwargs=carer),
        # Every casework role reads it; a team manager decides it (the same page, a form).
        Route("governance:challenge-detail", CASEWORK, kwargs={"pk": challenge.pk}),
        Route("governance:challenge-list", lead),
        Route("governance:access-review", lead | {"team_manager"}),
        Route("governance:access-review", lead | {"team_manager"}, query="flagged=on"),
        Route("governance:retention", lead),
        Route("governance:sar-list", lead),
        Route("governance:sar-cared-for", lead),
    ]
