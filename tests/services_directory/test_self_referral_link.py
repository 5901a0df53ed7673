import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_visitors_to_the_directory_can_find_the_self_referral(client):
    """The public referral form was reachable only from the staff sign-in page."""
    page = client.get(reverse("services_directory:search")).content.decode()
    assert f'href="{reverse("triage:referral-start")}"' in page


def test_signed_in_users_are_not_offered_the_self_referral(world, client_for):
    client = client_for(world.user("carer"))
    page = client.get(reverse("services_directory:search")).content.decode()
    assert 'data-testid="refer-yourself"' not in page
