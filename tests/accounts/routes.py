from carers_portal.accounts.roles import API_SCHEMA_ROLES, Role
from tests.routes import ALL_SIGNED_IN, EVERYONE, Route

API_SCHEMA = frozenset(r.value for r in API_SCHEMA_ROLES)
ADMIN = frozenset({Role.ADMINISTRATOR.value})


def routes(world) -> list[Route]:
    other = {"pk": world.user("triage_worker_y").pk}
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
        Route("api-schema", API_SCHEMA, api=True),
        Route("api-docs", API_SCHEMA),
        Route("api:root", ALL_SIGNED_IN, api=True),
        # Second factor: the tests' clients are already verified, so the code page moves on.
        Route("accounts:mfa-verify", ALL_SIGNED_IN, ok_status=302),
        Route("accounts:mfa-enrol", ALL_SIGNED_IN),
        Route("accounts:mfa-backup-codes", ALL_SIGNED_IN),
        Route("accounts:mfa-manage", ALL_SIGNED_IN),
        Route("accounts:api-tokens", ALL_SIGNED_IN),
        Route("accounts:staff-list", ADMIN),
        Route("accounts:staff-add", ADMIN),
        Route("accounts:staff-detail", ADMIN, kwargs=other),
        Route("accounts:staff-deactivate", ADMIN, kwargs=other),
        Route("accounts:staff-second-factor-reset", ADMIN, kwargs=other),
    ]
