from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

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


# The register's model: the one carer-linked model that is the carer itself. Named, not
# imported, so accounts stays below triage.
CARER_MODEL_LABEL = "triage.Carer"
_NOT_CARER_LINKED = object()


def carer_id_of(obj: object):
    """The carer a record belongs to, None if it belongs to none yet (a referral not linked
    to a record), or _NOT_CARER_LINKED for records that are no one's (services, budgets)."""
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label == CARER_MODEL_LABEL:
        return obj.pk
    return getattr(obj, "carer_id", _NOT_CARER_LINKED)


# One array per column: the page's events go in as one statement. Through the ORM's
# bulk_create a 25-row page cost a transaction of its own and a model object per row, about
# a tenth of a list page's time; one INSERT is atomic without BEGIN and COMMIT around it.
_LIST_EVENT_COLUMNS = (
    ("user_id", "bigint"),
    ("role", "text"),
    ("action", "text"),
    ("object_type", "text"),
    ("object_id", "text"),
    ("carer_id", "bigint"),
    ("reason", "text"),
    ("path", "text"),
    ("occurred_at", "timestamptz"),
)


def access_events_record_many(
    *, request: HttpRequest, objects, action: str = AccessEvent.Action.LIST
) -> int:
    """Record that a list showed these records: one insert for the whole page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    now = timezone.now()
    path = request.path[:255]
    rows = []
    for obj in objects:
        carer_id = carer_id_of(obj)
        if carer_id is _NOT_CARER_LINKED:
            continue
        rows.append(
            (user.pk, user.role, action, type(obj).__name__, str(obj.pk), carer_id, "", path, now)
        )
    if not rows:
        return 0
    columns = ", ".join(name for name, _type in _LIST_EVENT_COLUMNS)
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type in _LIST_EVENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(AccessEvent._meta.db_table)} ({columns}) "  # noqa: S608 - fixed names
            f"SELECT * FROM UNNEST({arrays})",
            [list(column) for column in zip(*rows, strict=True)],
        )
    return len(rows)


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
