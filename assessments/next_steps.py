"""What assessments offer on triage's pages (through carers_portal.next_actions): "Start the
assessment" on a referral waiting for one, and on its start-assessment task in the tray."""

from carers_portal.accounts.roles import EDITOR_ROLES
from carers_portal.next_actions import NextAction, register_next_action
from triage import rules as triage_rules
from triage.models import ReferralStatus, TaskKind

WAITING = (ReferralStatus.TRIAGED, ReferralStatus.ASSIGNED)


def _can_start(user) -> bool:
    return bool(user and user.is_authenticated and user.role in EDITOR_ROLES)


def _referral_waits(referral) -> bool:
    return (
        referral is not None
        and referral.carer_id is not None
        and referral.status in WAITING
        and referral.pathway in triage_rules.ASSESSMENT_PATHWAYS
        and referral.assessment_started_at is None
    )


def register() -> None:
    register_next_action(
        "referral",
        NextAction(
            key="start-assessment",
            label="Start the assessment",
            url_name="assessments:start",
            url_kwargs=lambda referral: {"carer_id": referral.carer_id},
            query=lambda referral: f"referral={referral.pk}",
            offered=lambda user, referral: _can_start(user) and _referral_waits(referral),
        ),
    )
    register_next_action(
        "task",
        NextAction(
            key="start-assessment",
            label="Start the assessment",
            url_name="assessments:start",
            url_kwargs=lambda task: {"carer_id": task.carer_id},
            query=lambda task: f"referral={task.referral_id}",
            offered=lambda user, task: (
                _can_start(user)
                and task.kind == TaskKind.START_ASSESSMENT
                and task.carer_id is not None
                and task.referral_id is not None
            ),
        ),
    )
