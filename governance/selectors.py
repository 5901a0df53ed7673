"""Reads for information governance: who may lead it, the access review, and challenges to a
record (what they can be about, and the amendments an upheld one can name).

The access review is one set-based query over the access log: the hour window, out-of-hours
test, caseload and restriction checks are computed by PostgreSQL for the filtered period,
served by the (user, occurred_at) index that migration 0002 adds to the log.
"""

import datetime
from dataclasses import dataclass

import pghistory.models
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import AssessmentAmendment
from assessments.selectors import assessment_list_visible_to
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.selectors import team_ids_for
from emergency_cards.selectors import plan_list_visible_to
from governance.models import Decision, RecordChallenge, RetentionRun, SubjectAccessRequest
from support_plans.selectors import support_plan_list_visible_to
from triage.case_notes import CaseNote
from triage.models import Carer
from triage.selectors import carer_list_visible_to, referral_list_for_carer

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


# --- Challenges to a record ------------------------------------------------------------------

FIXED_RECORDS = [
    ("details", "The carer's details (name, date of birth, address, contact details)"),
    ("case_notes", "Case notes"),
]
OTHER_RECORD = ("other", "Something else in the record")
AMENDMENTS_OFFERED = 20


def challenge_record_choices(*, user, carer) -> list[tuple[str, str]]:
    """What a challenge can be about: the carer's details, the case notes, each of the
    carer's referrals, assessments, support plans and emergency plans the user may see, or
    something else. Each is a bounded list of one carer's records."""
    assessments = [
        (
            f"assessment:{a.pk}",
            f"{a.get_kind_display()} assessment started {date_format(a.started_on, 'j M Y')}",
        )
        for a in assessment_list_visible_to(user).filter(carer=carer).order_by("-started_on")[:20]
    ]
    plans = [
        (f"support_plan:{p.pk}", f"Support plan from {date_format(p.starts_on, 'j M Y')}")
        for p in support_plan_list_visible_to(user).filter(carer=carer).order_by("-starts_on")[:10]
    ]
    emergency = [
        (f"emergency_plan:{e.pk}", f"Emergency plan ({e.get_status_display().lower()})")
        for e in plan_list_visible_to(user).filter(carer=carer).order_by("-id")[:5]
    ]
    referrals = [
        (f"referral:{r.pk}", f"Referral {r.reference}")
        for r in referral_list_for_carer(user=user, carer=carer)[:20]
    ]
    return [*FIXED_RECORDS, *referrals, *assessments, *plans, *emergency, OTHER_RECORD]


def challenge_list_visible_to(user) -> QuerySet[RecordChallenge]:
    """Challenges to the records of carers in the user's scope (restrictions included)."""
    return RecordChallenge.objects.filter(carer__in=carer_list_visible_to(user)).select_related(
        "carer__team", "logged_by", "decided_by"
    )


def challenge_list_for_carer(*, carer) -> QuerySet[RecordChallenge]:
    """Every challenge to one carer's record, newest first. Callers scope the carer first."""
    return RecordChallenge.objects.filter(carer=carer).select_related("logged_by", "decided_by")


def challenge_counts_for_carer(*, carer, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    pending = Q(decision=Decision.PENDING)
    return RecordChallenge.objects.filter(carer=carer).aggregate(
        open=Count("id", filter=pending),
        overdue=Count("id", filter=pending & Q(due_on__lt=today)),
        total=Count("id"),
    )


def challenge_list_open() -> QuerySet[RecordChallenge]:
    """The governance lead's list: every open challenge, soonest due first, read from the
    partial index of open challenges (due date, id). Carers appear by record number only."""
    return (
        RecordChallenge.objects.filter(decision=Decision.PENDING)
        .select_related("carer__team")
        .only(
            "id",
            "kind",
            "record_described",
            "received_on",
            "due_on",
            "decision",
            "carer_id",
            "carer__team__name",
        )
        .order_by("due_on", "id")
    )


def _carer_field_label(name: str) -> str:
    fields = {f.attname: f for f in Carer._meta.concrete_fields}
    return str(fields[name].verbose_name) if name in fields else name.replace("_", " ")


def amendment_choices(*, challenge: RecordChallenge, user) -> list[tuple[str, str]]:
    """The corrections made to the carer's record since the challenge was received, which an
    upheld rectification can name: changes to the carer's details (their change history),
    case notes correcting an earlier note, and amendments to the carer's assessments the
    user may see."""
    carer = challenge.carer
    since = timezone.make_aware(datetime.datetime.combine(challenge.received_on, datetime.time.min))
    choices = []
    details = (
        pghistory.models.Events.objects.tracks(carer)
        .filter(pgh_label="update", pgh_created_at__gte=since)
        .order_by("-pgh_created_at")[:AMENDMENTS_OFFERED]
    )
    for event in details:
        changed = [
            _carer_field_label(name)
            for name in (event.pgh_diff or {})
            if name not in ("updated_at", "version")
        ]
        if changed:
            when = date_format(timezone.localtime(event.pgh_created_at), "j M Y")
            choices.append(
                (
                    f"carer_details:{event.pgh_id}",
                    f"The carer's details changed on {when}: {', '.join(changed)}",
                )
            )
    notes = (
        CaseNote.objects.filter(carer=carer, amends__isnull=False, created_at__gte=since)
        .select_related("amends")
        .order_by("-created_at", "-id")[:AMENDMENTS_OFFERED]
    )
    for note in notes:
        choices.append(
            (
                f"case_note:{note.pk}",
                f"Case note of {date_format(note.occurred_on, 'j M Y')} correcting the note "
                f"of {date_format(note.amends.occurred_on, 'j M Y')}",
            )
        )
    amendments = (
        AssessmentAmendment.objects.filter(
            assessment__in=assessment_list_visible_to(user).filter(carer=carer),
            changed_at__gte=since,
        )
        .select_related("assessment")
        .order_by("-changed_at", "-id")[:AMENDMENTS_OFFERED]
    )
    for amendment in amendments:
        assessment = amendment.assessment
        choices.append(
            (
                f"assessment_amendment:{amendment.pk}",
                f"{amendment.field_label} amended on "
                f"{date_format(timezone.localtime(amendment.changed_at), 'j M Y')} in the "
                f"{assessment.get_kind_display().lower()} assessment started "
                f"{date_format(assessment.started_on, 'j M Y')}",
            )
        )
    return choices


def amendment_assessment_id(challenge: RecordChallenge) -> int | None:
    """The assessment an upheld challenge's amendment corrected, for the link to it."""
    if challenge.amendment_kind != "assessment_amendment":
        return None
    return (
        AssessmentAmendment.objects.filter(pk=challenge.amendment_id)
        .values_list("assessment_id", flat=True)
        .first()
    )
