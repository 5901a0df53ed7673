from carers_portal.accounts.roles import Role
from tests.routes import ALL_SIGNED_IN, EVERYONE, Route


def routes(world) -> list[Route]:
    return [
        # The start page for visitors; signed-in people are sent to their role's home.
        Route("home", EVERYONE, ok_status=frozenset({200, 302})),
        Route("privacy-notice", EVERYONE),
        Route("home-triage-worker", frozenset({Role.TRIAGE_WORKER.value})),
        Route("home-assessor", frozenset({Role.ASSESSOR.value})),
        Route("home-team-manager", frozenset({Role.TEAM_MANAGER.value})),
        Route("home-commissioner", frozenset({Role.COMMISSIONER.value})),
        Route("home-administrator", frozenset({Role.ADMINISTRATOR.value})),
        Route("home-responder", frozenset({Role.RESPONDER.value})),
        Route("home-carer", frozenset({Role.CARER.value})),
        Route("accessibility-statement", EVERYONE),
        # Signed-in users are sent on to their home page.
        Route("accounts:sign-in", EVERYONE, ok_status=frozenset({200, 302})),
        Route("accounts:signed-out", EVERYONE),
        Route("accounts:reset-request", EVERYONE),
        Route("accounts:reset-sent", EVERYONE),
        Route("accounts:reset-complete", EVERYONE),
        Route("api-schema", ALL_SIGNED_IN, api=True),
        Route("api-docs", ALL_SIGNED_IN),
        Route("api:root", ALL_SIGNED_IN, api=True),
    ]
