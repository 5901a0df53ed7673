from django import template

from assessments.selectors import assessment_list_for_carer

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


@register.inclusion_tag("assessments/partials/_carer_assessments.html", takes_context=True)
def carer_assessments(context, carer, limit: int = 10):
    """The assessments block for the carer's record page: `{% carer_assessments carer %}`.

    The carer's record (triage) shows it without importing this app.
    """
    return {
        "carer": carer,
        "assessments": assessment_list_for_carer(carer=carer)[:limit],
        "show_all_link": True,
        "user": context.get("user"),
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
