import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEARCH = reverse("services_directory:search")
FRESHNESS = reverse("services_directory:freshness")


@pytest.mark.parametrize(
    ("role", "home", "sees_freshness"),
    [
        ("carer", "home-carer", False),
        ("assessor", "home-assessor", False),
        ("triage_worker", "home-triage-worker", False),
        ("responder", "home-responder", False),
        ("team_manager", "home-team-manager", True),
        ("commissioner", "home-commissioner", True),
        ("administrator", "home-administrator", True),
    ],
)
def test_home_pages_link_to_the_directory(world, client_for, role, home, sees_freshness):
    html = client_for(world.user(role)).get(reverse(home)).content.decode()
    assert f'href="{SEARCH}"' in html
    assert (f'href="{FRESHNESS}"' in html) is sees_freshness
