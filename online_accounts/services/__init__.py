"""Every write to invitations and to people acting for carers."""

from online_accounts.services.acting_for import (
    acting_for_give,
    acting_for_invite_again,
    acting_for_revoke,
)
from online_accounts.services.invitations import (
    InvitationRefused,
    Issued,
    account_is_active,
    carer_account_revoke,
    carer_invite,
    channels_available,
    contact_for,
    invitation_check,
    invitation_open_for_password,
    invitation_redeem,
    invitation_send,
)

__all__ = [
    "InvitationRefused",
    "Issued",
    "account_is_active",
    "acting_for_give",
    "acting_for_invite_again",
    "acting_for_revoke",
    "carer_account_revoke",
    "carer_invite",
    "channels_available",
    "contact_for",
    "invitation_check",
    "invitation_open_for_password",
    "invitation_redeem",
    "invitation_send",
]
