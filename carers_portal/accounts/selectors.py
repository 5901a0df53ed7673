from django.db.models import QuerySet

from carers_portal.accounts.models import AccessEvent, Team, User
from carers_portal.accounts.roles import PORTAL_ROLES


def team_ids_for(user: User) -> set[int]:
    """The teams whose carers a member of staff may see. Cached on the user for the request."""
    cached = getattr(user, "_team_ids_cache", None)
    if cached is None:
        cached = set(user.teams.values_list("id", flat=True)) if user.is_authenticated else set()
        user._team_ids_cache = cached
    return cached


def team_list_for(user: User) -> list[Team]:
    """A member of staff's teams by name. The one query also fills team_ids_for's cache, so a
    page that lists the teams and scopes by them asks once."""
    if not user.is_authenticated:
        return []
    teams = list(user.teams.order_by("name"))
    user._team_ids_cache = {team.pk for team in teams}
    return teams


def team_list() -> QuerySet[Team]:
    return Team.objects.order_by("name")


def staff_list_for_teams(*, team_ids: set[int]) -> QuerySet[User]:
    return (
        User.objects.filter(teams__id__in=team_ids, is_active=True)
        .exclude(role__in=PORTAL_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


def access_event_list_for_carer(*, carer_id: int) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(carer_id=carer_id).select_related("user")
