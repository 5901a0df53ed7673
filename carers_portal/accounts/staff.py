"""Staff accounts, managed by administrators in the service rather than in Django admin.

Every change is written to AccountEvent. A leaver is deactivated: their password stops
working (which also ends every session, as Django checks a session against the password
hash) and their API tokens are deleted, at once.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken

from carers_portal.accounts import mfa
from carers_portal.accounts.models import AccountEvent, Team, User
from carers_portal.accounts.roles import CASEWORK_ROLES, STAFF_ROLES, Role
from carers_portal.accounts.services import user_create


def _check(role: Role, teams: list[Team]) -> None:
    if role not in STAFF_ROLES:
        raise ValidationError({"role": "Select a staff role"})
    if role in CASEWORK_ROLES and not teams:
        # Casework is scoped by team: without one the person could see no carers at all.
        raise ValidationError({"teams": "Select at least one team"})


@transaction.atomic
def staff_invite(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    teams: list[Team],
    base_url: str,
) -> User:
    """Adds a member of staff with no password and emails them a link to choose one; they
    set up their second factor when they first sign in."""
    _check(role, teams)
    if not email:
        raise ValidationError({"email": "Enter an email address for the invitation"})
    user = user_create(
        username=username,
        password=None,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        teams=teams,
    )
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountEvent.Action.INVITED,
        details={"role": role, "teams": sorted(t.name for t in teams)},
    )
    link = base_url + reverse(
        "accounts:reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    transaction.on_commit(
        lambda: send_mail(
            f"You have been added to {settings.SERVICE_NAME}",
            render_to_string("accounts/email/invitation.txt", {"user": user, "link": link}),
            None,
            [email],
        )
    )
    return user


@transaction.atomic
def staff_update(*, by: User, user: User, role: Role, teams: list[Team]) -> User:
    _check(role, teams)
    before_teams = sorted(t.name for t in user.teams.all())
    after_teams = sorted(t.name for t in teams)
    if user.role != role:
        AccountEvent.objects.create(
            actor=by,
            subject=user,
            action=AccountEvent.Action.ROLE_CHANGED,
            details={"from": user.role, "to": role},
        )
        user.role = role
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.save(update_fields=["role", "is_staff", "is_superuser"])
    if before_teams != after_teams:
        AccountEvent.objects.create(
            actor=by,
            subject=user,
            action=AccountEvent.Action.TEAMS_CHANGED,
            details={"from": before_teams, "to": after_teams},
        )
        user.teams.set(teams)
    return user


@transaction.atomic
def staff_deactivate(*, by: User, user: User) -> User:
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account")
    user.is_active = False
    # A new (unusable) password hash ends every session at its next request.
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    tokens, _ = AuthToken.objects.filter(user=user).delete()
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountEvent.Action.DEACTIVATED,
        details={"api_tokens_deleted": tokens},
    )
    return user


@transaction.atomic
def second_factor_reset(*, by: User, user: User) -> None:
    removed = mfa.devices_reset(user=user)
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountEvent.Action.SECOND_FACTOR_RESET,
        details={"devices_removed": removed},
    )
