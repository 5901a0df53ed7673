"""Reads for information governance: who may lead it, and the access review.

The access review is one set-based query over the access log: the hour window, out-of-hours
test, caseload and restriction checks are computed by PostgreSQL for the filtered period,
served by the (user, occurred_at) index that migration 0002 adds to the log.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.selectors import team_ids_for
from governance.models import RetentionRun, SubjectAccessRequest

LEAD_PERMISSION = "governance.lead_information_governance"
REVIEW_ROW_LIMIT = 500


def is_governance_lead(user) -> bool:
    """An administrator holding the lead permission (granted in the Django admin)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMINISTRATOR
        and user.has_perm(LEAD_PERMISSION)
    )


def may_review_access(user) -> bool:
    return is_governance_lead(user) or (
        user.is_authenticated and user.is_active and user.role == Role.TEAM_MANAGER
    )


def burst_threshold() -> int:
    return int(getattr(settings, "GOVERNANCE_ACCESS_BURST_PER_HOUR", 50))


def working_hours() -> tuple[int, int]:
    start, end = getattr(settings, "GOVERNANCE_WORKING_HOURS", (8, 18))
    return int(start), int(end)


@dataclass(frozen=True)
class ReviewRow:
    occurred_at: datetime.datetime
    user_id: int
    user_name: str
    role: str
    action: str
    object_type: str
    carer_id: int | None
    in_hour: int
    burst: bool
    out_of_hours: bool
    outside_caseload: bool
    restricted: bool

    @property
    def flags(self) -> list[str]:
        return [
            label
            for label, on in (
                (f"{self.in_hour} records in an hour", self.burst),
                ("Out of hours", self.out_of_hours),
                ("Not on their caseload", self.outside_caseload),
                ("Restricted record", self.restricted),
            )
            if on
        ]


REVIEW_SQL = """
WITH scoped AS (
    SELECT e.id, e.user_id, e.role, e.action, e.object_type, e.carer_id, e.occurred_at,
           count(*) OVER (
               PARTITION BY e.user_id ORDER BY e.occurred_at
               RANGE BETWEEN interval '1 hour' PRECEDING AND CURRENT ROW
           ) AS in_hour
    FROM accounts_accessevent e
    WHERE e.occurred_at >= %(since)s AND e.occurred_at < %(until)s
      AND (%(user_id)s::bigint IS NULL OR e.user_id = %(user_id)s)
      AND (%(all_staff)s OR e.user_id IN (
          SELECT m.user_id FROM accounts_user_teams m WHERE m.team_id = ANY(%(team_ids)s)))
)
SELECT s.occurred_at, s.user_id, concat_ws(' ', u.first_name, u.last_name, '(' || u.username || ')'),
       s.role, s.action, s.object_type, s.carer_id, s.in_hour,
       s.in_hour > %(burst)s,
       (extract(isodow FROM s.occurred_at AT TIME ZONE %(tz)s) > 5
        OR extract(hour FROM s.occurred_at AT TIME ZONE %(tz)s) < %(start)s
        OR extract(hour FROM s.occurred_at AT TIME ZONE %(tz)s) >= %(end)s),
       (s.carer_id IS NOT NULL AND s.role <> 'carer'
        AND NOT EXISTS (SELECT 1 FROM triage_referral r
                        WHERE r.carer_id = s.carer_id AND r.assigned_to_id = s.user_id)
        AND NOT EXISTS (SELECT 1 FROM triage_task t
                        WHERE t.carer_id = s.carer_id AND t.assigned_to_id = s.user_id)
        AND NOT EXISTS (SELECT 1 FROM assessments_assessment a
                        WHERE a.carer_id = s.carer_id AND a.assessor_id = s.user_id)),
       EXISTS (SELECT 1 FROM triage_carerrestriction cr WHERE cr.carer_id = s.carer_id)
FROM scoped s JOIN accounts_user u ON u.id = s.user_id
WHERE (%(carer_id)s::bigint IS NULL OR s.carer_id = %(carer_id)s)
ORDER BY s.occurred_at DESC, s.id DESC
LIMIT %(limit)s
"""


def access_review(
    *,
    viewer: User,
    since: datetime.datetime,
    until: datetime.datetime,
    user_id: int | None = None,
    carer_id: int | None = None,
    flagged_only: bool = False,
    limit: int = REVIEW_ROW_LIMIT,
) -> list[ReviewRow]:
    """Access events in the period; team managers see their teams' staff, the lead everyone."""
    start, end = working_hours()
    params = {
        "since": since,
        "until": until,
        "user_id": user_id,
        "carer_id": carer_id,
        "all_staff": is_governance_lead(viewer),
        "team_ids": sorted(team_ids_for(viewer)),
        "burst": burst_threshold(),
        "tz": settings.TIME_ZONE,
        "start": start,
        "end": end,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(REVIEW_SQL, params)
        rows = [ReviewRow(*row) for row in cursor.fetchall()]
    return [row for row in rows if row.flags] if flagged_only else rows


def sar_list():
    return SubjectAccessRequest.objects.select_related("carer", "cared_for", "requested_by")


def retention_run_latest() -> RetentionRun | None:
    return RetentionRun.objects.order_by("-listed_at", "-id").first()
