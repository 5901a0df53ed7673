from django.db import transaction
from django.http import HttpRequest

from carers_portal.accounts.models import AccessEvent, Team, User
from carers_portal.accounts.roles import Role


def access_event_record(
    *,
    request: HttpRequest,
    obj: object,
    carer_id: int | None,
    action: str = AccessEvent.Action.VIEW,
    reason: str = "",
) -> AccessEvent:
    """Record one read of a carer-linked record by a signed-in user."""
    return AccessEvent.objects.create(
        user=request.user,
        role=request.user.role,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "pk", "")),
        carer_id=carer_id,
        reason=reason[:255],
        path=request.path[:255],
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    teams: list[Team] | None = None,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if teams:
        user.teams.set(teams)
    return user
