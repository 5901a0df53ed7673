"""The board pack: one workbook with a sheet per subject and a tagged PDF of the same, from
the nightly figures, so its numbers are the dashboard's. Casework: conftest's support_world
(NI135 2026 to 2027 = 100 x 3 / 40 = 7.5 against a 10% target)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting import rules, services
from services_directory.models import FundingStream
from tests.carers_portal.test_documents import pdfinfo
from tests.reporting.factories import ContractFactory

D = datetime.date
TODAY = D(2026, 11, 23)
SHEETS = [
    "About",
    "Headline indicators",
    "NI135 breakdowns",
    "LTS003 support types",
    "ASCOF 3D",
    "Budget",
    "Emergency activations",
    "Time limit breaches",
    "Directory freshness",
]
MONEY = '"£"#,##0.00;-"£"#,##0.00'


@pytest.fixture
def pack_world(support_world, monkeypatch):
    monkeypatch.setattr("reporting.selectors.today", lambda: TODAY)
    ContractFactory(
        value_per_year=Decimal("73000"),
        funding_stream=FundingStream.CARE_ACT,
        budget_line_code="SPOE-CA",
        start_date=D(2026, 10, 1),
        end_date=D(2027, 9, 30),
    )
    for month in (9, 10, 11):
        services.figures_refresh(month=rules.month_period(2026, month), today=TODAY)
    return support_world


def _download(client, file_format: str, month: int = 11):
    return client.get(
        reverse(
            "reporting:board-pack-download",
            kwargs={"year": 2026, "month": month, "file_format": file_format},
        )
    )


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_a_sheet_per_subject_with_the_dashboards_figures(
    pack_world, world, client_for
):
    client = client_for(world.user("commissioner"))
    response = _download(client, "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="carers_board_pack_2026-11.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == SHEETS
    dashboard = client.get(reverse("reporting:dashboard")).context
    tiles = dashboard["tiles"]

    headline = workbook["Headline indicators"]
    assert _rows(headline)[0] == (
        "Indicator",
        "Period",
        "Figure",
        "Target",
        "Difference from target",
    )
    ni135 = headline[2]
    assert ni135[0].value.startswith("NI135")
    assert ni135[2].value == pytest.approx(tiles["ni135"] / 100) == pytest.approx(0.075)
    assert ni135[2].number_format == "0.0%"
    assert ni135[3].value == pytest.approx(tiles["target"] / 100)
    assert ni135[4].value == pytest.approx(-0.025)
    by_label = {row[0]: row[2] for row in _rows(headline)[1:]}
    assert by_label["Carers counted in NI135"] == tiles["numerator"] == 3
    assert by_label["Referrals past a time limit"] == tiles["breaches"]
    assert by_label["Directory entries to check"] == tiles["stale"]

    lts003 = workbook["LTS003 support types"]
    assert _rows(lts003)[0] == ("Rank", "Support type", "Carers")
    assert [(row[1], row[2]) for row in _rows(lts003)[1:]] == [
        (row["label"], row["carers"]) for row in dashboard["support_types"]
    ]

    budget = workbook["Budget"]
    assert _rows(budget)[0][:4] == ("Funding stream", "Line", "Code", "Budget")
    spoe = next(row for row in budget.iter_rows(min_row=2) if row[2].value == "SPOE-CA")
    shown = next(s for s in dashboard["budget"]["streams"] if s["key"] == "care_act")
    line = next(line for line in shown["lines"] if line["code"] == "SPOE-CA")
    assert Decimal(str(spoe[4].value)) == line["committed"] == Decimal("36400.00")
    assert spoe[4].number_format == MONEY
    assert spoe[8].number_format == "0.0%"
    assert spoe[8].value == pytest.approx(float(line["percent_committed"]) / 100)

    breakdowns = _rows(workbook["NI135 breakdowns"])
    assert breakdowns[0] == ("Breakdown", "Group", "Measure", "Carers")
    assert ("Team, year to date", "Reporting Team X", "Counted in NI135", 3) in breakdowns
    ascof = _rows(workbook["ASCOF 3D"])
    assert ascof[0][0] == "Age" and [row[0] for row in ascof[1:]] == [
        "18 and over",
        "18 to 64",
        "65 and above",
    ]
    activations = _rows(workbook["Emergency activations"])
    assert activations[0][:2] == ("Month", "Activations")
    assert activations[-1][0] == "November 2026"
    assert activations[-1][1] == tiles["activations"]
    freshness = _rows(workbook["Directory freshness"])
    assert freshness[1] == ("Services in the directory", tiles["services"])
    assert _rows(workbook["Time limit breaches"])[-1] == ("November 2026", tiles["breaches"])


def test_the_pdf_has_the_same_tables_and_is_tagged(pack_world, world, client_for, tmp_path):
    response = _download(client_for(world.user("commissioner")), "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info = pdfinfo(response.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Carers board pack November 2026"
    assert re.search(r"pdfuaid:part[^0-9]*1", info["_meta"])


def test_the_month_is_picked_from_the_months_worked_out(pack_world, world, client_for):
    client = client_for(world.user("commissioner"))
    page = client.get(reverse("reporting:board-pack")).content.decode()
    assert re.findall(r'<option value="(\d{4}-\d\d)"', page) == ["2026-11", "2026-10", "2026-09"]
    # No month chosen: the error says so and the format chosen stays chosen.
    refused = client.get(reverse("reporting:board-pack"), {"file_format": "pdf"})
    content = refused.content.decode()
    assert "<title>Error: Board pack" in content
    assert "There is a problem" in content and "Select the month" in content
    assert re.search(r'value="pdf"[^>]*checked', content)
    # A month with no figures is not on the list, whatever is typed into the address.
    typed = client.get(reverse("reporting:board-pack"), {"month": "2026-03", "file_format": "pdf"})
    assert "Select a month that is in the list" in typed.content.decode()
    chosen = client.get(
        reverse("reporting:board-pack"), {"month": "2026-10", "file_format": "xlsx"}
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse(
        "reporting:board-pack-download", kwargs={"year": 2026, "month": 10, "file_format": "xlsx"}
    )


def test_only_worked_out_months_and_known_formats_download(pack_world, world, client_for):
    client = client_for(world.user("commissioner"))
    assert _download(client, "xlsx", month=3).status_code == 404
    assert _download(client, "csv").status_code == 404
    assert _download(client_for(world.user("team_manager")), "xlsx").status_code in (403, 404)
    assert _download(client_for(world.user("administrator")), "pdf").status_code == 200
