"""The quarterly CLD return and its pre-submission validation, on the hand-worked casework
of test_carer_events.py. Quarter 2026-Q3 ends 31 December 2026: the file covers 1 January to
31 December 2026 and Release 2 is in force."""

import csv
import datetime
import io

from django.core.management import call_command

from reporting import cld_rules, cld_validation
from reporting.models import ReturnRun
from reporting.services import cld, events
from tests.reporting.test_carer_events import casework  # noqa: F401 (the shared fixture)

QUARTER = cld_rules.parse_quarter("2026-Q3")


def _rows(run) -> list[dict]:
    return list(csv.DictReader(io.StringIO(cld.cld_csv(run).decode("utf-8"))))


def test_quarters_and_releases():
    assert cld_rules.parse_quarter("2026-Q2") == cld_rules.Period(
        datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    )
    assert cld_rules.rolling_year(QUARTER).start == datetime.date(2026, 1, 1)
    assert cld_rules.release_for(cld_rules.rolling_year(QUARTER)).key == "R2"
    q1_2025 = cld_rules.rolling_year(cld_rules.parse_quarter("2025-Q1"))
    assert cld_rules.release_for(q1_2025).key == "R1"


def test_extract_has_the_spec_columns_and_release_2_values(casework):  # noqa: F811
    run = cld.cld_return_produce(quarter=QUARTER)
    text = cld.cld_csv(run).decode("utf-8")
    assert next(csv.reader(io.StringIO(text))) == cld_rules.COLUMNS
    rows = _rows(run)
    e2 = [r for r in rows if r["LA Person Unique Identifier"] == str(casework["e2"].id)]
    # The assessment of 1 February 2026, the review of 1 September and the ongoing payment.
    assert [(r["Event Type"], r["Event Start Date"], r["Event End Date"]) for r in e2] == [
        ("Assessment", "01/02/2026", "01/02/2026"),
        ("Review", "20/08/2026", "01/09/2026"),
        ("Service", "01/03/2026", ""),
    ]
    assert {r["Client Type"] for r in rows} == {"Unpaid carer"}
    review, service = e2[1], e2[2]
    assert review["Event Outcome"] == "Continuation of support or services"
    assert review["Method of Review"] == "Carer only"
    assert service["Service Type"] == "Unpaid carer support: Direct to unpaid carer"
    assert service["Delivery Mechanism"] == "Direct payment"
    assert service["Unit Cost"] == "50.00" and service["Planned units per week"] == "0.23"
    declined_request = [r for r in rows if r["Event Type"] == "Request"]
    assert {r["Event Outcome"] for r in declined_request} == {
        "NFA: Support declined",
        "NFA: Information and advice or signposting",
    }
    assert run.figures["release"] == "R2" and run.figures["rows"] == len(rows)


def test_re_running_a_quarter_gives_the_identical_file(casework):  # noqa: F811
    first = cld.cld_return_produce(quarter=QUARTER)
    content, sha = bytes(first.csv_content), first.csv_sha256
    call_command("produce_return", "--return", "cld", "--period", "2026-Q3", stdout=io.StringIO())
    again = ReturnRun.objects.get(kind="cld")
    assert (bytes(again.csv_content), again.csv_sha256) == (content, sha)
    assert (again.revision, again.times_produced) == (1, 2)


def test_validation_flags_bad_nhs_number_and_end_before_start(casework):  # noqa: F811
    carer = casework["e6"]
    carer.nhs_number = "1234567890"
    carer.save(update_fields=["nhs_number"])
    assessment = carer.assessments.get()
    type(assessment).objects.filter(id=assessment.id).update(started_on=datetime.date(2026, 10, 9))
    events.events_refresh()
    run = cld.cld_return_produce(quarter=QUARTER)
    assert run.validation_status == "errors"
    found = {(i.rule, i.field) for i in run.issues.filter(row_number__isnull=False)}
    assert ("8", "NHS Number") in found
    assert ("5", "Event End Date") in found
    nhs = run.issues.get(rule="8")
    assert nhs.value == "1234567890" and "NHS number" in nhs.fix


def test_validation_flags_a_missing_delivery_mechanism_and_an_unknown_code(casework):  # noqa: F811
    run = cld.cld_return_produce(quarter=QUARTER)
    rows = _rows(run)
    header = cld_rules.COLUMNS
    service = next(r for r in rows if r["Event Type"] == "Service")
    no_mechanism = {**service, "Delivery Mechanism": "", "Event Reference": "x1"}
    old_value = {**service, "Client Type": "Carer", "Event Reference": "x2"}
    unknown = {**service, "Service Component": "Gym", "Event Reference": "x3"}
    issues = list(
        cld_validation.check_rows(
            header,
            [[r[c] for c in header] for r in (no_mechanism, old_value, unknown)],
            release="R2",
        )
    )
    by_row = {(i.row, i.rule, i.field): i for i in issues}
    assert (2, "11", "Delivery Mechanism") in by_row
    assert "other release" in by_row[(3, "2", "Client Type")].problem
    assert "not a value" in by_row[(4, "2", "Service Component")].problem


def test_a_clean_row_passes_every_rule():
    header = cld_rules.COLUMNS
    row = dict.fromkeys(header, "")
    row.update(
        {
            "LA Code": "E10000000",
            "Reporting Period Start Date": "01/01/2026",
            "Reporting Period End Date": "31/12/2026",
            "NHS Number": "9434765919",
            "LA Person Unique Identifier": "7",
            "Gender": "Female",
            "Ethnicity": "White: Any other White background",
            "Date of Birth": "01/02/1970",
            "Client Type": "Unpaid carer",
            "Primary Support Reason": "Social support: Support to unpaid carer",
            "Postcode": "NR1 3QU",
            "Accommodation Status": "Unknown",
            "Has Unpaid Carer": "No",
            "Event Type": "Request",
            "Event Reference": "request:1",
            "Event Start Date": "01/05/2026",
            "Event End Date": "02/05/2026",
            "Event Outcome": "NFA: Information and advice or signposting",
            "Request: Route of Access": "Community or other route",
        }
    )
    assert list(cld_validation.check_rows(header, [[row[c] for c in header]], release="R2")) == []
