from django.db.models import QuerySet

from carers_portal.accounts.roles import Role
from notifications.models import Message

CONTACT_LOG_LIMIT = 50


def messages_for_carer(*, carer_id: int, limit: int = CONTACT_LOG_LIMIT) -> list[Message]:
    """The carer's most recent messages, newest first (message_carer_recent index)."""
    return list(Message.objects.filter(carer_id=carer_id).order_by("-created_at", "-id")[:limit])


def outbox_visible_to(user) -> QuerySet[Message]:
    """Administrators see every message; casework staff see their teams' messages."""
    messages = Message.objects.order_by("-created_at", "-id")
    if user.role == Role.ADMINISTRATOR:
        return messages
    return messages.filter(team_id__in=list(user.teams.values_list("pk", flat=True)))
