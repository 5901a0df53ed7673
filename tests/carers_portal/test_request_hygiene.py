"""Low-severity findings from the penetration test, each closed in one shared place."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting import rules as reporting_rules
from reporting.services import return_csv, return_xlsx
from triage.views.public_referral import MAX_ANSWER_LENGTH, SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/openreferral/services?search=%00",
        "/openreferral/service_at_locations?postcode=%01",
        "/openreferral/services?%00=1",
        "/triage/referrals/%00/",
        "/directory/?q=a%7Fb",
        "/api/v1/carers/?search=%00",
    ],
)
def test_control_characters_in_a_path_or_query_are_refused_with_400(client_for, world, url):
    client = client_for(world.user("triage_worker"))
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith(("/api/", "/openreferral/")):
        assert "not allowed" in str(response.json())
    else:
        assert "problem with the web address" in response.content.decode()


def test_ordinary_searches_still_work(client):
    assert client.get("/openreferral/services?search=respite%20care").status_code == 200


def test_the_public_referral_keeps_only_its_own_fields_and_caps_their_size(client):
    client.post(reverse("triage:referral-step", kwargs={"step": "who"}), {"source": "self"})
    response = client.post(
        reverse("triage:referral-step", kwargs={"step": "carer"}),
        {
            "first_name": "Jo",
            "last_name": "Bloggs",
            "date_of_birth_0": "27",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1970",
            "nhs_number": "485 777 3457",
            "padding": "x" * 1_900_000,
            "another": "y",
        },
    )
    stored = client.session.get(SESSION_KEY, {}).get("carer", {})
    assert response.status_code == 302
    assert "padding" not in stored and "another" not in stored
    assert all(len(value) <= MAX_ANSWER_LENGTH for value in stored.values())
    assert stored.get("date_of_birth_2") == "1970"


def test_signed_in_responses_are_never_cached(client_for, world):
    client = client_for(world.user("triage_worker"))
    page = client.get(reverse("triage:queue"))
    api = client.get("/api/v1/carers/")
    for response in (page, api):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_api_token_responses_are_never_cached(client, world):
    from knox.models import AuthToken

    _, key = AuthToken.objects.create(user=world.user("assessor"))
    response = client.get("/api/v1/carers/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_stay_cacheable(client):
    assert "no-store" not in client.get(reverse("services_directory:search")).get(
        "Cache-Control", ""
    )


ROWS = [
    ["month_by_team", "carers_assessed", '=HYPERLINK("http://evil.example","Click")', "-5"],
    ["month_by_team", "carers_assessed", "+SUM(A1:A2)", "3"],
    ["month_by_team", "carers_assessed", "@cmd", "1.5"],
    ["month_by_team", "carers_assessed", "-2+3", "0"],
]


def test_return_files_write_formula_like_text_as_text():
    period = reporting_rules.month_period(2026, 10)
    csv_text = return_csv(ROWS).decode()
    assert "'=HYPERLINK" in csv_text and "'+SUM" in csv_text and "'@cmd" in csv_text
    assert "'-2+3" in csv_text
    assert ",-5\r\n" in csv_text  # a negative number is still a number
    sheet = load_workbook(io.BytesIO(return_xlsx(ROWS, title="t", period=period))).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [c[2] for c in cells] == [
        '\'=HYPERLINK("http://evil.example","Click")',
        "'+SUM(A1:A2)",
        "'@cmd",
        "'-2+3",
    ]
    assert cells[0][3] == -5
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
