"""Who sees which reporting figures, and the date the figures are worked out to."""

import datetime

from django.utils import timezone

from carers_portal.accounts.access import user_has_role
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import COMMISSIONING_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for


def team_scope_for(user: User) -> set[int] | None:
    """None = every team (commissioners, administrators); team managers see their own teams."""
    if user.role == Role.TEAM_MANAGER:
        return team_ids_for(user)
    return None


def can_commission(user: User) -> bool:
    """The budget, the indicator inputs and the returns are for commissioning staff only."""
    return user_has_role(user, COMMISSIONING_ROLES)


def today() -> datetime.date:
    return timezone.localdate()
