from carers_portal.accounts.roles import Role
from tests.routes import CASEWORK, Route


def routes(world) -> list[Route]:
    return [
        # Development outbox (NOTIFY_BACKEND=outbox, the test default).
        Route("notifications:outbox", CASEWORK | {Role.ADMINISTRATOR.value}),
    ]
