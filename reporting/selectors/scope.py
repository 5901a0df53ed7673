"""Who sees which reporting figures, and the date the figures are worked out to."""

import datetime

from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.selectors import team_ids_for

# Who may see which reporting pages.
COMMISSIONING_ROLES = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
DASHBOARD_ROLES = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR, Role.TEAM_MANAGER})


def team_scope_for(user: User) -> set[int] | None:
    """None = every team (commissioners, administrators); team managers see their own teams."""
    if user.role == Role.TEAM_MANAGER:
        return team_ids_for(user)
    return None


def can_commission(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in COMMISSIONING_ROLES)


def today() -> datetime.date:
    return timezone.localdate()
