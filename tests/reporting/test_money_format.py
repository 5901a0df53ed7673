from decimal import Decimal

import pytest
from django.template import Context, Template


def _shown(expression: str, value) -> str:
    template = Template("{% load reporting_figures %}{{ value|" + expression + " }}")
    return template.render(Context({"value": value}))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("-280265.76"), "&minus;&pound;280,265.76"),
        (Decimal("1500"), "&pound;1,500.00"),
        (Decimal("0"), "&pound;0.00"),
        (None, '<span class="govuk-visually-hidden">Not applicable</span>&ndash;'),
    ],
)
def test_overspends_read_as_minus_pounds_not_pounds_minus(value, shown):
    assert _shown("money", value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12.345"), "12.3%"),
        (0, "0.0%"),
        (None, '<span class="govuk-visually-hidden">Not applicable</span>&ndash;'),
    ],
)
def test_percentages_to_one_place_and_a_dash_for_none(value, shown):
    assert _shown("percent", value) == shown
