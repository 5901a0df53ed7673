from carers_portal.accounts.roles import Role
from tests.factories import CarerFactory
from tests.online_accounts.factories import acting_for
from tests.routes import CASEWORK, EVERYONE, Route

CARER = frozenset({Role.CARER.value})
REPRESENTATIVE = frozenset({Role.REPRESENTATIVE.value})
PORTAL = CARER | REPRESENTATIVE


def routes(world) -> list[Route]:
    # A carer of team X with no online account yet: the invitation page is for them.
    uninvited = CarerFactory(team=world.team_x, user=None, email="", phone="07700 900111")
    grant = acting_for(world)
    record = {"pk": world.carer_a.pk}
    return [
        # Public: the code page; without a checked code the password page sends you back.
        Route("online_accounts:activate", EVERYONE),
        Route(
            "online_accounts:activate-link", EVERYONE, kwargs={"token": "ABCDE.x"}, ok_status=302
        ),
        Route("online_accounts:activate-link-check", EVERYONE),
        Route("online_accounts:activate-password", EVERYONE, ok_status=302),
        Route("online_accounts:activate-done", PORTAL),
        # From the carer's record.
        Route("online_accounts:invite", CASEWORK, kwargs={"pk": uninvited.pk}),
        Route("online_accounts:revoke", CASEWORK, kwargs=record),
        Route("online_accounts:acting-for-add", CASEWORK, kwargs=record),
        Route(
            "online_accounts:acting-for-invite",
            CASEWORK,
            kwargs={"pk": world.carer_a.pk, "grant_pk": grant.pk},
        ),
        Route(
            "online_accounts:acting-for-revoke",
            CASEWORK,
            kwargs={"pk": world.carer_a.pk, "grant_pk": grant.pk},
        ),
        # The carer's own page of people who may see their plan and card.
        Route("online_accounts:my-acting-for", CARER),
        Route("online_accounts:my-acting-for-add", CARER),
        Route("online_accounts:my-acting-for-revoke", CARER, kwargs={"pk": grant.pk}),
        # Someone acting for a carer.
        Route("online_accounts:acting-for-home", REPRESENTATIVE),
    ]
