"""What the assessment pages share: the scoped, permission-checked record and its summary."""

import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from assessments import selectors
from assessments.forms import sections_for
from assessments.models import Assessment
from assessments.questions import field_factories

CHANGE = "assessments.change_assessment"


def assessment_or_404(
    request: HttpRequest, pk: int, *, perm: str = "assessments.view_assessment"
) -> Assessment:
    """One assessment in the user's scope on which they hold `perm`; otherwise 404."""
    assessment = get_object_or_404(selectors.assessment_list_visible_to(request.user), pk=pk)
    if not request.user.has_perm(perm, assessment):
        raise Http404
    return assessment


def display(assessment: Assessment, name: str) -> str:
    value = getattr(assessment, name)
    field = Assessment._meta.get_field(name)
    if name == "agreed_budget":
        budget = assessment.budget_as_agreed
        if budget.amount is not None and budget.is_indicative:
            # Leaving the amount empty agrees the indicative budget: it is not "Not provided".
            return f"£{budget.amount:,.2f}: the indicative budget, agreed"
    if value is None or value == "":
        return "Not provided"
    if name == "cared_for":
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


def summary_sections(assessment: Assessment, *, with_change: bool) -> list[dict]:
    """Rows for the check-answers and summary pages, one card per task-list section."""
    factories = field_factories(assessment)
    cards = []
    for section in sections_for(assessment):
        rows = []
        for name in section.fields:
            label = str(factories[name]().label)
            change = (
                reverse("assessments:section", args=[assessment.pk, section.slug])
                + f"?return=check#id_{name}"
                if with_change
                else ""
            )
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "value": display(assessment, name),
                    "change": change,
                }
            )
        cards.append({"section": section, "rows": rows})
    return cards
