"""Money and percentages as the reporting pages show them: `{{ value|money }}`,
`{{ value|percent }}`.

Filters rather than an include per figure: the dashboard shows about 60 of them, and an
include each was a sixth of its rendering time.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

register = template.Library()

NOT_APPLICABLE = '<span class="govuk-visually-hidden">{}</span>&ndash;'


@register.filter
def money(value) -> str:
    """£1,234.50; a negative amount with a minus sign before the pound sign; a dash for none."""
    if value is None:
        return format_html(NOT_APPLICABLE, "Not applicable")
    amount = str(floatformat(value, "2g")).replace("-", "")
    if value < 0:
        return format_html("&minus;&pound;{}", amount)
    return format_html("&pound;{}", amount)


@register.filter
def percent(value) -> str:
    """12.5%, to one decimal place; a dash for none."""
    if value is None:
        return format_html(NOT_APPLICABLE, "Not applicable")
    return format_html("{}%", floatformat(value, 1))
