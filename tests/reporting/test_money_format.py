from decimal import Decimal

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("-280265.76"), "&minus;&pound;280,265.76"),
        (Decimal("1500"), "&pound;1,500.00"),
        (Decimal("0"), "&pound;0.00"),
    ],
)
def test_overspends_read_as_minus_pounds_not_pounds_minus(value, shown):
    assert render_to_string("reporting/_money.html", {"value": value}).strip() == shown
