import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_api_address_answers_json_not_a_page(world, client_for):
    # The schema documents 404 bodies as JSON; a path the URLconf cannot match
    # (e.g. /carers/-1/ against an <int:pk> route) must not get the GOV.UK error page.
    response = client_for(world.user("triage_worker")).get("/api/v1/carers/-1/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_address_still_gets_the_error_page(world, client_for):
    response = client_for(world.user("triage_worker")).get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
