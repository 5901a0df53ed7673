from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from triage.models import TaskKind
from triage.selectors import task_tray_counts

register = template.Library()

# What a home page leads with, in this order, when there is any (kind, "N to ..." wording).
HOME_COUNT_WORDING = (
    (TaskKind.TRIAGE_REFERRAL, "to triage", "to triage"),
    (TaskKind.START_ASSESSMENT, "assessment to start", "assessments to start"),
    (TaskKind.EMERGENCY_PLAN, "emergency plan to make", "emergency plans to make"),
    (
        TaskKind.EMERGENCY_FOLLOW_UP,
        "emergency activation to follow up",
        "emergency activations to follow up",
    ),
    (TaskKind.REVIEW_REQUESTED, "review request", "review requests"),
    (TaskKind.REVIEW_DUE, "review due", "reviews due"),
    (TaskKind.CREATE_SUPPORT_PLAN, "support plan to write", "support plans to write"),
    (TaskKind.EMERGENCY_PLAN_REVIEW, "emergency plan review", "emergency plan reviews"),
    (TaskKind.PLAN_EXPIRING, "plan review coming up", "plan reviews coming up"),
    (
        TaskKind.RECORD_CHALLENGE,
        "challenge to a record to decide",
        "challenges to records to decide",
    ),
    (TaskKind.OTHER, "other task", "other tasks"),
)


@register.inclusion_tag("triage/partials/_home_counts.html", takes_context=True)
def worktray_counts(context):
    """The counts a worker's home page leads with: `{% worktray_counts %}`.

    One aggregate query over the open tasks of the worker's teams; each count links to the
    tray filtered to it.
    """
    counts = task_tray_counts(user=context["user"])
    tray = reverse("triage:tray")
    items = [
        {
            "count": counts.by_kind[kind].count,
            "label": counts.by_kind[kind].label,
            "words": one if counts.by_kind[kind].count == 1 else many,
            "url": f"{tray}?{urlencode({'kind': kind})}",
        }
        for kind, one, many in HOME_COUNT_WORDING
        if counts.by_kind[kind].count
    ]
    if counts.overdue.count:
        items.append(
            {
                "count": counts.overdue.count,
                "label": counts.overdue.label,
                "words": "overdue",
                "url": f"{tray}?{urlencode({'overdue': 'on'})}",
                "overdue": True,
            }
        )
    return {"items": items, "counts": counts, "tray_url": tray}


# A tag per referral status and priority: (words, GOV.UK tag colour). Fixed words, so the
# markup is built here once rather than by an include per row of a 25-row table.
REFERRAL_STATUS_TAGS = {
    "awaiting_triage": ("Awaiting triage", "blue"),
    "triaged": ("Triaged", "yellow"),
    "assigned": ("Assigned", "green"),
    "assessment_started": ("Assessment started", "purple"),
    "eligible": ("Assessed: eligible", "turquoise"),
    "not_eligible": ("Assessed: not eligible", "grey"),
    "assessment_declined": ("Assessment declined", "grey"),
}
PRIORITY_TAGS = {
    "urgent": ("Urgent", "red"),
    "high": ("High", "orange"),
    "standard": ("Standard", "grey"),
}


@register.simple_tag
def referral_status_tag(status: str) -> str:
    """`{% referral_status_tag referral.status %}`: the status as a GOV.UK tag."""
    words, colour = REFERRAL_STATUS_TAGS.get(status, ("Closed", "grey"))
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)


@register.simple_tag
def priority_tag(priority: str | None) -> str:
    """`{% priority_tag referral.priority %}`: the priority as a GOV.UK tag, or "Not triaged"."""
    if priority not in PRIORITY_TAGS:
        return format_html('<span class="govuk-body-s">{}</span>', "Not triaged")
    words, colour = PRIORITY_TAGS[priority]
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)
