"""What triage offers on other apps' pages (the public referral form) and on the tray's rows
(a change a carer asked for).

Registered from TriageConfig.ready(), so the directory and the sign-in page link to the
referral form without naming triage's URLs (carers_portal/next_actions.py).
"""

from carers_portal.accounts.roles import CASEWORK_ROLES
from carers_portal.next_actions import NextAction, register_next_action
from triage.models import TaskKind

# Tasks that are a carer's own change, opened on the page that compares it with the record.
CHANGE_TASK_KINDS = frozenset({TaskKind.CONTACT_DETAILS_CHANGE, TaskKind.EMERGENCY_CONTACTS_CHANGE})


def _signed_out(user, obj) -> bool:
    # Signed-in staff refer through the worklist and carers are already known to the service.
    return not (user is not None and user.is_authenticated)


def register() -> None:
    register_next_action(
        "directory-search",
        NextAction(
            key="refer-yourself",
            label="ask the carers support service for help",
            url_name="triage:referral-start",
            offered=_signed_out,
        ),
    )
    register_next_action(
        "sign-in",
        NextAction(
            key="refer-yourself",
            label="refer yourself or someone else to the carers support service",
            url_name="triage:referral-start",
        ),
    )
    register_next_action(
        "task",
        NextAction(
            key="check-change",
            label="Check the change",
            url_name="triage:task-change",
            url_kwargs=lambda task: {"pk": task.pk},
            offered=lambda user, task: (
                task.kind in CHANGE_TASK_KINDS and getattr(user, "role", None) in CASEWORK_ROLES
            ),
        ),
    )
