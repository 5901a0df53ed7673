"""Every read of invitations and of people acting for carers."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from carers_portal.accounts.models import AccountEvent, User
from carers_portal.accounts.roles import Role
from online_accounts import rules
from online_accounts.models import OPEN_INVITATION_STATUSES, ActingFor, Invitation
from online_accounts.services.invitations import account_is_active
from triage.models import Carer


def live_acting_for(user: User) -> QuerySet[ActingFor]:
    """The live grants of someone acting for a carer (acting_for_live_by_user index)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.REPRESENTATIVE:
        return ActingFor.objects.none()
    return ActingFor.objects.filter(
        user=user, revoked_at__isnull=True, expires_on__gte=timezone.localdate()
    )


def carer_ids_acted_for(user: User) -> QuerySet:
    """The carers whose plan and card `user` may read on their behalf, as a subquery: the
    support plan and emergency card scopes (and their permissions) start here."""
    return live_acting_for(user).values("carer_id")


def acts_for_carer(user: User, carer_id: int) -> bool:
    return live_acting_for(user).filter(carer_id=carer_id).exists()


def acting_for_list_for_carer(*, carer: Carer) -> list[ActingFor]:
    """Everyone the carer has let see their records, live ones first, with their latest
    invitation. For a carer the caller has already scoped."""
    grants = list(
        ActingFor.objects.filter(carer=carer).select_related("user", "created_by", "revoked_by")
    )
    latest = {}
    for invitation in Invitation.objects.filter(acting_for__in=[g.pk for g in grants]).order_by(
        "acting_for_id", "-created_at", "-id"
    ):
        latest.setdefault(invitation.acting_for_id, invitation)
    today = timezone.localdate()
    for grant in grants:
        grant.live = grant.is_live(today)
        grant.latest_invitation = latest.get(grant.pk)
        grant.signed_up = account_is_active(grant.user)
        grant.status_words = _grant_words(grant, today)
    return sorted(grants, key=lambda g: (not g.live, -g.created_at.timestamp()))


def _grant_words(grant: ActingFor, today) -> str:
    if grant.revoked_at is not None:
        return f"Ended on {timezone.localtime(grant.revoked_at):%-d %B %Y}"
    if grant.expires_on < today:
        return f"Ended on {grant.expires_on:%-d %B %Y}"
    until = f"until {grant.expires_on:%-d %B %Y}"
    if grant.signed_up:
        return f"Can see the plan and card {until}"
    invitation = grant.latest_invitation
    if invitation is not None and invitation.is_open():
        return f"Invited by {invitation.get_channel_display().lower()}, not signed up yet; {until}"
    return f"Not signed up (the invitation is no longer open); {until}"


def acting_for_for_carer(*, carer: Carer, pk: int) -> ActingFor | None:
    return ActingFor.objects.select_related("carer", "user").filter(carer=carer, pk=pk).first()


def open_invitation_id(user: User | None) -> int:
    """The open invitation's id (0 for none): a page sending another names it, so two
    workers (or a double click) cannot both send one."""
    if user is None:
        return 0
    return (
        Invitation.objects.filter(user=user, status__in=OPEN_INVITATION_STATUSES)
        .values_list("pk", flat=True)
        .first()
        or 0
    )


@dataclass(frozen=True)
class PortalView:
    status: rules.PortalStatus
    username: str
    can_invite: bool
    can_revoke: bool
    open_invitation_id: int


def portal_view_for(carer: Carer) -> PortalView:
    """The carer's online account as the record shows it."""
    user = carer.user
    latest = (
        Invitation.objects.filter(carer=carer, acting_for__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    closed = None
    if user is not None:
        closed = (
            AccountEvent.objects.filter(subject=user, action=AccountEvent.Action.DEACTIVATED)
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
    local = timezone.localtime
    facts = None
    if latest is not None:
        facts = rules.InvitationFacts(
            status=latest.status,
            channel_label=latest.get_channel_display(),
            created_at=local(latest.created_at),
            sent_at=local(latest.sent_at) if latest.sent_at else None,
            expires_at=local(latest.expires_at) if latest.expires_at else None,
            ended_at=local(latest.ended_at) if latest.ended_at else None,
        )
    status = rules.portal_status(
        has_account=user is not None,
        account_active=account_is_active(user),
        closed_on=local(closed) if closed else None,
        latest=facts,
        now=local(timezone.now()),
    )
    return PortalView(
        status=status,
        username=user.username if user else "",
        can_invite=rules.can_invite(status.state),
        can_revoke=rules.can_revoke(status.state),
        open_invitation_id=open_invitation_id(user),
    )
