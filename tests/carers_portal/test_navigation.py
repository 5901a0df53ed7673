from html.parser import HTMLParser

import pytest
from django.urls import reverse

from carers_portal.accounts.roles import Role
from carers_portal.navigation import NAVIGATION
from tests.test_access_matrix import collect_routes

pytestmark = pytest.mark.django_db

EXPECTED_LABELS = {
    Role.TRIAGE_WORKER: [
        "Home",
        "Queue",
        "Worktray",
        "My caseload",
        "Carers register",
        "Search",
        "New referral",
    ],
    Role.ASSESSOR: [
        "Home",
        "Worktray",
        "My assessments",
        "Reviews due",
        "Carers register",
        "Search",
        "Support plans",
    ],
    Role.TEAM_MANAGER: [
        "Home",
        "Queue",
        "Worktray",
        "Approvals",
        "Reviews due",
        "Support plans",
        "Dashboard",
    ],
    Role.COMMISSIONER: ["Home", "Dashboard", "Budget", "Returns", "Directory freshness"],
    Role.RESPONDER: ["Home", "Look up a card"],
    Role.CARER: ["Home", "My support plan", "My emergency card"],
    Role.ADMINISTRATOR: ["Home", "Admin", "Directory"],
    Role.REPRESENTATIVE: ["Home"],
}


class _NavLinks(HTMLParser):
    """Links in the service navigation list, with their attributes and their item's classes."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # <ul> nesting inside #navigation; 0 means outside it
        self.item_class = ""
        self.link = None
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and (self.depth or attrs.get("id") == "navigation"):
            self.depth += 1
        elif self.depth and tag == "li":
            self.item_class = attrs.get("class", "")
        elif self.depth and tag == "a":
            self.link = {"text": "", "attrs": attrs, "item_class": self.item_class}

    def handle_endtag(self, tag):
        if tag == "ul" and self.depth:
            self.depth -= 1
        elif tag == "a" and self.link is not None:
            self.link["text"] = self.link["text"].strip()
            self.links.append(self.link)
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link["text"] += data


def _nav_links(response):
    parser = _NavLinks()
    parser.feed(response.content.decode())
    return parser.links


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_navigation(world, client_for, role):
    client = client_for(world.user(role.value))
    response = client.get(reverse("home"), follow=True)
    labels = [link["text"] for link in _nav_links(response)]
    assert labels == EXPECTED_LABELS[role]


@pytest.mark.parametrize("role", list(Role))
def test_every_navigation_link_is_one_the_role_may_open(world, client_for, role):
    """Each item is allowed for the role in the role x URL matrix, and opens for them."""
    allowed_by_name = {route.name: route.allowed for route in collect_routes(world)}
    user = world.user(role.value)
    if role == Role.ADMINISTRATOR:
        # accounts.services.user_create makes administrators staff; the factory does not.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client = client_for(user)
    for item in NAVIGATION[role]:
        if item.url_name.startswith("admin:"):
            # Django admin is outside the matrix: its own staff check applies.
            assert role == Role.ADMINISTRATOR
        else:
            assert role.value in allowed_by_name[item.url_name], item.url_name
        response = client.get(reverse(item.url_name))
        assert response.status_code == 200, (item.url_name, response.status_code)


def test_current_section_is_marked_for_assistive_technology(world, client_for):
    client = client_for(world.user(Role.COMMISSIONER.value))
    links = _nav_links(client.get(reverse("reporting:budget")))
    active = [link for link in links if "aria-current" in link["attrs"]]
    assert [link["text"] for link in active] == ["Budget"]
    assert active[0]["attrs"]["aria-current"] == "page"
    assert "govuk-service-navigation__item--active" in active[0]["item_class"]


def test_a_page_inside_a_section_marks_that_section(world, client_for):
    client = client_for(world.user(Role.TRIAGE_WORKER.value))
    carer = world.carer_a
    links = _nav_links(client.get(reverse("triage:carer-detail", kwargs={"pk": carer.pk})))
    active = [link for link in links if "aria-current" in link["attrs"]]
    assert [link["text"] for link in active] == ["Carers register"]
    assert active[0]["attrs"]["aria-current"] == "true"


def test_signed_out_visitors_can_reach_the_public_pages(client):
    links = _nav_links(client.get(reverse("services_directory:search")))
    assert [link["text"] for link in links] == [
        "Find support services",
        "Refer a carer",
        "Sign in",
    ]
    for link in links:
        assert client.get(link["attrs"]["href"]).status_code == 200
    active = [link for link in links if "aria-current" in link["attrs"]]
    assert [link["text"] for link in active] == ["Find support services"]
