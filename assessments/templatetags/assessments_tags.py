from django import template

register = template.Library()

STATUS_TAG_CLASSES = {
    "in_progress": "govuk-tag--blue",
    "awaiting_approval": "govuk-tag--yellow",
    "completed": "govuk-tag--green",
}
OUTCOME_TAG_CLASSES = {
    "eligible": "govuk-tag--green",
    "not_eligible": "govuk-tag--grey",
    "not_determined": "govuk-tag--grey",
}


@register.filter
def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def outcome_tag_class(outcome: str) -> str:
    return OUTCOME_TAG_CLASSES.get(outcome, "govuk-tag--grey")


@register.inclusion_tag("assessments/partials/_approvals_panel.html", takes_context=True)
def assessment_approvals(context, limit: int = 5):
    """The approvals list on the team manager's home page: `{% assessment_approvals %}`."""
    from assessments.selectors import assessment_list_awaiting_approval

    waiting = assessment_list_awaiting_approval(user=context["user"])
    return {"assessments": waiting[:limit], "count": waiting.count()}
