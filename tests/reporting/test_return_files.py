import datetime
import time

import pytest

from reporting import rules
from reporting.services import return_csv, return_rows, return_xlsx
from tests.reporting.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_return_files_are_byte_identical_when_produced_seconds_apart():
    AssessmentFactory(completed_on=datetime.date(2026, 10, 5), received_specific_service=True)
    period = rules.month_period(2026, 10)
    first_rows = return_rows(period)
    first = (return_csv(first_rows), return_xlsx(first_rows, title="October", period=period))
    # Zip entries carry 2-second timestamps: wait past one so a leaked clock would show.
    time.sleep(2.1)
    second_rows = return_rows(period)
    second = (return_csv(second_rows), return_xlsx(second_rows, title="October", period=period))
    assert first == second
