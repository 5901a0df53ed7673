import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from carers_portal.accounts.models import AccessEvent
from tests.support_plans.factories import ActivePlanFactory, PlanItemFactory, SupportPlanFactory

pytestmark = pytest.mark.django_db


def _token_client(user) -> APIClient:
    client = APIClient()
    _, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_carers_token_sees_only_their_own_agreed_plans(world):
    own = ActivePlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(plan=own)
    SupportPlanFactory(assessment__carer=world.carer_a)  # draft: not yet the carer's
    other = ActivePlanFactory(assessment__carer=world.carer_b)
    client = _token_client(world.user("carer"))
    response = client.get(reverse("api:support-plan-list"))
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    detail = client.get(reverse("api:support-plan-detail", kwargs={"pk": own.pk}))
    assert detail.status_code == 200
    assert len(detail.json()["items"]) == 1
    assert AccessEvent.objects.filter(object_id=str(own.pk), action="api_read").exists()
    assert (
        client.get(reverse("api:support-plan-detail", kwargs={"pk": other.pk})).status_code == 404
    )


def test_staff_see_their_teams_plans(world):
    own_team = SupportPlanFactory(assessment__carer=world.carer_a)
    ActivePlanFactory(assessment__carer=world.carer_b)
    client = _token_client(world.user("assessor"))
    response = client.get(reverse("api:support-plan-list"))
    assert [row["id"] for row in response.json()["results"]] == [own_team.pk]


def test_a_commissioner_gets_404(world):
    client = _token_client(world.user("commissioner"))
    assert client.get(reverse("api:support-plan-list")).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_api_list_query_count_is_flat(world, django_assert_num_queries, rows):
    for _ in range(rows):
        PlanItemFactory(plan=ActivePlanFactory(assessment__carer=world.carer_a))
    client = _token_client(world.user("assessor"))
    # token, its user, teams, count, page, one access-event insert for the whole page:
    # the same for 3 and 30 plans.
    with django_assert_num_queries(6):
        response = client.get(reverse("api:support-plan-list"))
    assert response.json()["count"] == rows
