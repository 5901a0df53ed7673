"""What people type never becomes markup in a form's labels, legends, hints or choices.

Each value here is typed by a user (a carer's emergency contact, a worker's name, a team's
name, a cared-for person's name) and is shown by some form as a label or choice.
"""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from carers_portal.forms import GovUKFormMixin
from tests.emergency_cards.factories import contact, plan_for
from tests.factories import CaredForPersonFactory, CaringRelationshipFactory, TeamFactory
from tests.triage.factories import ReferralFactory

pytestmark = pytest.mark.django_db

MARKUP = '<b id="injected">x</b><img src=x onerror=alert(1)>'
REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example">'
ESCAPED = "&lt;b id=&quot;injected&quot;&gt;x&lt;/b&gt;"


def assert_shown_as_text(response):
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="injected"' not in body
    assert "<meta http-equiv" not in body
    assert ESCAPED in body


def test_an_emergency_contacts_name_and_phone_are_text_on_the_activation_page(world, client_for):
    link = CaringRelationshipFactory(carer=world.carer_a)
    plan = plan_for(
        world.carer_a,
        cared_for_link=link,
        contacts=[contact(MARKUP), contact("Eli Evans", phone=REFRESH[:30])],
    )
    url = reverse("emergency_cards:activation-create", kwargs={"plan_id": plan.pk})
    for role in ("team_manager", "triage_worker"):
        assert_shown_as_text(client_for(world.user(role)).get(url))


def test_worker_and_team_names_are_text_in_the_assign_choices(world, client_for):
    worker = world.user("assessor")
    worker.first_name = MARKUP
    worker.save()
    worker.teams.add(TeamFactory(name=f"Team {REFRESH}"))
    referral = ReferralFactory(team=world.team_x)
    response = client_for(world.user("team_manager")).get(
        reverse("triage:referral-assign", kwargs={"reference": referral.reference})
    )
    assert_shown_as_text(response)


def test_a_cared_for_persons_name_is_text_in_the_assessment_choices(world, client_for):
    CaringRelationshipFactory(
        carer=world.carer_a, cared_for=CaredForPersonFactory(first_name=MARKUP)
    )
    assessment = assessment_services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    response = client_for(world.user("assessor")).get(
        reverse("assessments:section", kwargs={"pk": assessment.pk, "slug": "about"})
    )
    assert_shown_as_text(response)


def test_every_govuk_form_escapes_labels_and_hints_built_from_typed_text():
    from crispy_forms.utils import render_crispy_form
    from django import forms

    class Form(GovUKFormMixin, forms.Form):
        name = forms.CharField()

        def __init__(self, *args, typed, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["name"].label = f"Contact: {typed}"
            self.fields["name"].help_text = f"Was {typed}"

    html = render_crispy_form(Form(typed=MARKUP))
    assert 'id="injected"' not in html
    assert html.count(ESCAPED) == 2
