"""A restricted record is out of scope (404) everywhere for staff not named on it."""

import pytest
from django.urls import reverse

from carers_portal.accounts.roles import Role
from tests.assessments.factories import AssessmentFactory
from tests.factories import CarerFactory, UserFactory
from tests.triage.factories import ReferralFactory
from triage.restrictions import CarerRestriction, carer_restrict, carer_restriction_lift

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(world):
    named = UserFactory(username="named-worker", role=Role.TRIAGE_WORKER, teams=[world.team_x])
    carer = CarerFactory(team=world.team_x, first_name="Rhian", last_name="Restricted")
    referral = ReferralFactory(team=world.team_x, carer=carer, last_name="Restricted")
    assessment = AssessmentFactory(carer=carer, team=world.team_x)
    carer_restrict(
        carer=carer,
        reason="relative_on_staff",
        details="Sister works in Team X",
        named_staff=[],
        by=named,
    )
    return carer, referral, assessment, named


def _urls(carer, referral, assessment):
    return [
        reverse("triage:carer-detail", kwargs={"pk": carer.pk}),
        reverse("triage:referral-detail", kwargs={"reference": referral.reference}),
        reverse("api:carer-detail", kwargs={"pk": carer.pk}),
        reverse("api:referral-detail", kwargs={"reference": referral.reference}),
        reverse("api:assessment-detail", kwargs={"pk": assessment.pk}),
        reverse("governance:carer-restriction", kwargs={"pk": carer.pk}),
    ]


def test_team_member_not_named_gets_404_in_page_search_api_and_lists(world, client_for, restricted):
    carer, referral, assessment, _named = restricted
    client = client_for(world.user("triage_worker"))
    for url in _urls(carer, referral, assessment):
        assert client.get(url).status_code == 404, url
    register = client.get(reverse("triage:carer-list"), {"q": "Restricted"})
    assert register.status_code == 200
    assert "Rhian" not in register.content.decode()
    assert "Ashby" in client.get(reverse("triage:carer-list")).content.decode()
    api_list = client.get(reverse("api:carer-list")).json()
    names = {row["last_name"] for row in api_list["results"]}
    assert "Restricted" not in names and "Ashby" in names
    queue = client.get(reverse("triage:queue"), {"q": "Restricted"}).content.decode()
    assert referral.reference not in queue


def test_named_worker_sees_it_with_a_banner(client_for, restricted):
    carer, referral, assessment, named = restricted
    client = client_for(named)
    for url in _urls(carer, referral, assessment):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("triage:carer-detail", kwargs={"pk": carer.pk})).content.decode()
    assert 'data-testid="restriction-banner"' in page
    assert "Rhian" in client.get(reverse("triage:carer-list"), {"q": "Restricted"}).content.decode()


def test_lifting_is_recorded_and_the_team_sees_it_again(world, client_for, restricted):
    carer, _referral, _assessment, named = restricted
    response = client_for(named).post(
        reverse("governance:carer-restriction", kwargs={"pk": carer.pk}),
        {"lift_reason": "Sister has left the service"},
    )
    assert response.status_code == 302
    restriction = CarerRestriction.objects.get(carer=carer)
    assert (
        restriction.lifted_by == named and restriction.lift_reason == "Sister has left the service"
    )
    detail = reverse("triage:carer-detail", kwargs={"pk": carer.pk})
    assert client_for(world.user("triage_worker")).get(detail).status_code == 200


def test_restricting_through_the_page_names_the_worker(world, client_for):
    worker = world.user("assessor")
    client = client_for(worker)
    url = reverse("governance:carer-restriction", kwargs={"pk": world.carer_a.pk})
    empty = client.post(url, {})
    assert empty.status_code == 400 and "govuk-error-summary" in empty.content.decode()
    assert client.post(url, {"reason": "carer_objects"}).status_code == 302
    restriction = CarerRestriction.objects.get(carer=world.carer_a)
    assert list(restriction.named_staff.all()) == [worker]
    detail = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    assert client_for(world.user("team_manager")).get(detail).status_code == 404
    # The carer still sees their own record.
    carer_client = client_for(world.user("carer"))
    assert carer_client.get(reverse("emergency_cards:my")).status_code == 200


def test_lift_needs_a_reason(restricted):
    carer, _r, _a, named = restricted
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        carer_restriction_lift(restriction=carer.restrictions.get(), reason=" ", by=named)
