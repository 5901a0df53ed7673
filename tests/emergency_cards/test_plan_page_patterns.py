import pytest
from django.urls import reverse

from emergency_cards.models import EmergencyPlan
from tests.emergency_cards.test_views import plan_post_data
from tests.factories import CaringRelationshipFactory

pytestmark = pytest.mark.django_db


def test_the_plan_page_shows_the_card_number_without_a_confirmation_panel(world, client_for):
    """GOV.UK keeps the green panel for confirmation pages; on the plan page, which staff
    open for months afterwards, it read as if something had just been done."""
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("triage_worker"))
    url = reverse("emergency_cards:plan-register", kwargs={"carer_id": world.carer_a.pk})
    page = client.post(url, plan_post_data(link), follow=True).content.decode()

    number = EmergencyPlan.objects.get().current_card.formatted_number
    assert f'<strong data-testid="card-number">{number}</strong>' in page
    assert "govuk-panel" not in page
