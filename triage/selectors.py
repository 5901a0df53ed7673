from django.db.models import QuerySet

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for
from triage.models import Carer


def carer_list_visible_to(user: User) -> QuerySet[Carer]:
    """The one scope for carers' records: lists and detail pages both start here.

    Casework staff see their teams' carers; a carer sees only their own record;
    everyone else sees none (commissioners get figures from reporting, not records).
    """
    carers = Carer.objects.select_related("team")
    if not user.is_authenticated or not user.is_active:
        return carers.none()
    if user.role in CASEWORK_ROLES:
        return carers.filter(team_id__in=team_ids_for(user))
    if user.role == Role.CARER:
        return carers.filter(user=user)
    return carers.none()
