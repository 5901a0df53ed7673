"""Object-level predicates (django-rules) shared by the apps' permissions.

They mirror the scoped querysets (`*_visible_to(user)`): a list shows a record exactly when
the user has the view permission on it. tests/test_object_permissions.py checks they agree.
A restricted carer's records (`triage.restrictions`) are the one part of the scope these
cannot know from below triage: each app's casework rules add triage's
`not_restricted_from`, as its selectors add `exclude_restricted`.
"""

import rules

from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for


@rules.predicate
def does_casework(user) -> bool:
    return user.is_active and user.role in CASEWORK_ROLES


@rules.predicate
def is_editor(user) -> bool:
    """Writes assessments and support plans (roles.EDITOR_ROLES)."""
    return user.is_active and user.role in EDITOR_ROLES


@rules.predicate
def is_team_manager(user) -> bool:
    return user.is_active and user.role == Role.TEAM_MANAGER


@rules.predicate
def is_carer(user) -> bool:
    return user.is_active and user.role == Role.CARER


@rules.predicate
def in_users_team(user, record) -> bool:
    """The record belongs to one of the user's teams (`team_id`, or its carer's team)."""
    if record is None:
        return False
    team_id = getattr(record, "team_id", None)
    if team_id is None and hasattr(record, "carer"):
        team_id = record.carer.team_id
    return team_id in team_ids_for(user)


@rules.predicate
def carer_in_users_team(user, record) -> bool:
    """The record's carer is in one of the user's teams now.

    For records that keep the team they were made in (assessments, support plans): their
    scopes follow the carer, so a carer who moves team takes their records along.
    """
    carer = getattr(record, "carer", None)
    return carer is not None and carer.team_id in team_ids_for(user)


@rules.predicate
def is_own_carer_record(user, record) -> bool:
    """The record is the carer's own, or hangs off the carer's own record."""
    if record is None:
        return False
    owner_id = getattr(record, "user_id", None)
    if owner_id is None and getattr(record, "carer", None) is not None:
        owner_id = record.carer.user_id
    return owner_id is not None and owner_id == user.id
