import time

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from emergency_cards import rules, services
from emergency_cards.models import Activation, EmergencyPlan
from emergency_cards.pdf import card_html
from emergency_cards.selectors import emergency_card_summary_for_carer
from tests.emergency_cards.factories import plan_for, responder_has_looked_up
from tests.factories import CarerFactory, CaringRelationshipFactory

pytestmark = pytest.mark.django_db

KEY_CODE = "Key safe by the back door, code 4321"


def plan_post_data(carer_link, **overrides) -> dict:
    data = {
        "version": "0",
        "cared_for": str(carer_link.cared_for_id),
        "needs": "Needs help with meals and medication",
        "medication": "Donepezil at night",
        "medication_location": "Kitchen cupboard",
        "key_access": KEY_CODE,
        "contact_1_name": "Dee Davies",
        "contact_1_phone": "07700 900123",
        "contact_1_availability": "any_time",
        "contact_1_consents_to_contact": "on",
        "contact_1_consents_to_share": "on",
        "contact_2_name": "Eli Evans",
        "contact_2_phone": "07700 900456",
        "contact_2_availability": "daytime",
        "contact_2_consents_to_contact": "on",
        "contact_2_consents_to_share": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_worker_registers_a_card_and_sees_key_access_only_as_recorded(world, client_for):
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("triage_worker"))
    url = reverse("emergency_cards:plan-register", kwargs={"carer_id": world.carer_a.pk})
    response = client.post(url, plan_post_data(link), follow=True)
    plan = EmergencyPlan.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "emergency_cards:plan-detail", kwargs={"plan_id": plan.pk}
    )
    page = response.content.decode()
    assert plan.current_card.formatted_number in page
    assert "Recorded (only the 24-hour responder can see it)" in page
    assert "4321" not in page
    assert plan.contacts.count() == 2
    assert plan.registered_by == world.user("triage_worker")


def test_a_contact_without_both_consents_is_not_saved_and_typing_is_kept(world, client_for):
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("assessor"))
    url = reverse("emergency_cards:plan-register", kwargs={"carer_id": world.carer_a.pk})
    response = client.post(url, plan_post_data(link, contact_2_consents_to_share=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Confirm that Eli Evans has agreed to have their details shared" in page
    assert "<title>Error:" in page
    assert 'value="07700 900456"' in page
    assert not EmergencyPlan.objects.exists()


def test_one_contact_is_not_enough(world, client_for):
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("assessor"))
    url = reverse("emergency_cards:plan-register", kwargs={"carer_id": world.carer_a.pk})
    data = plan_post_data(link)
    data = {k: v for k, v in data.items() if not k.startswith("contact_2_")}
    response = client.post(url, data)
    assert "Add at least 2 emergency contacts" in response.content.decode()
    assert not EmergencyPlan.objects.exists()


def test_another_teams_worker_gets_404_for_this_teams_cards(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("triage_worker_y"))
    for name, kwargs in [
        ("emergency_cards:carer-cards", {"carer_id": world.carer_a.pk}),
        ("emergency_cards:plan-register", {"carer_id": world.carer_a.pk}),
        ("emergency_cards:plan-detail", {"plan_id": plan.pk}),
        ("emergency_cards:card-pdf", {"plan_id": plan.pk}),
        ("emergency_cards:activation-create", {"plan_id": plan.pk}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_a_carer_cannot_see_another_carers_plan_or_card(world, client_for):
    other_plan = plan_for(world.carer_b)
    client = client_for(world.user("carer"))
    for name in ["my-plan", "card-pdf", "plan-confirm"]:
        url = reverse(f"emergency_cards:{name}", kwargs={"plan_id": other_plan.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"version": "1", "confirmed": "on"}).status_code == 404, name
    assert (
        other_plan.current_card.formatted_number
        not in client.get(reverse("emergency_cards:my")).content.decode()
    )


def test_a_carer_sees_their_own_plan_without_the_key_code(world, client_for):
    plan = plan_for(world.carer_a, key_access=KEY_CODE)
    client = client_for(world.user("carer"))
    page = client.get(reverse("emergency_cards:my-plan", kwargs={"plan_id": plan.pk}))
    text = page.content.decode()
    assert plan.current_card.formatted_number in text
    assert "Recorded (only the 24-hour responder can see it)" in text
    assert "4321" not in text


def test_a_carer_registers_online(world, client_for):
    link = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("carer"))
    response = client.post(reverse("emergency_cards:my-register"), plan_post_data(link))
    plan = EmergencyPlan.objects.get()
    assert response["Location"] == reverse("emergency_cards:my-plan", kwargs={"plan_id": plan.pk})
    assert plan.carer == world.carer_a


def test_responder_lookup_shows_the_plan_with_key_access(world, client_for):
    plan = plan_for(world.carer_a, key_access=KEY_CODE)
    client = client_for(world.user("responder"))
    response = client.post(
        reverse("emergency_cards:lookup"),
        {"card_number": plan.current_card.formatted_number, "reason": "Carer's neighbour called"},
        follow=True,
    )
    assert KEY_CODE in response.content.decode()
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.LOOKUP, user=world.user("responder"), carer_id=plan.carer_id
    ).exists()


def test_responder_needs_a_reason(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("responder"))
    response = client.post(
        reverse("emergency_cards:lookup"), {"card_number": plan.current_card.card_number}
    )
    assert "Enter why you are looking up this card" in response.content.decode()
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.LOOKUP).exists()


def test_wrong_check_digit_closed_card_and_throttling_messages(world, client_for):
    plan = plan_for(world.carer_a)
    number = plan.current_card.card_number
    client = client_for(world.user("responder"))
    url = reverse("emergency_cards:lookup")
    wrong = number[:3] + str((int(number[3]) + 1) % 10) + number[4:]
    page = client.post(url, {"card_number": wrong, "reason": "Call"}).content.decode()
    assert "Check the card number: it is not a valid card number" in page

    services.plan_close(plan=plan, version=plan.version, reason="care_home")
    page = client.post(url, {"card_number": number, "reason": "Call"}).content.decode()
    assert "This card is not in use" in page

    for _ in range(rules.LOOKUP_FAILURE_LIMIT - 2):
        client.post(url, {"card_number": "123456789015", "reason": "Call"})
    response = client.post(url, {"card_number": number, "reason": "Call"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_responder_records_an_activation(world, client_for):
    plan = plan_for(world.carer_a)
    responder = world.user("responder")
    responder_has_looked_up(responder, plan)
    first, second = plan.contacts.all()
    now = timezone.localtime() - timezone.timedelta(minutes=30)
    response = client_for(responder).post(
        reverse("emergency_cards:activation-create", kwargs={"plan_id": plan.pk}),
        {
            "occurred_on_0": now.day,
            "occurred_on_1": now.month,
            "occurred_on_2": now.year,
            "occurred_time": now.strftime("%H:%M"),
            "caller_name": "Paramedic Jones",
            "caller_type": "emergency_services",
            "what_happened": "hospital_admission",
            f"contact_{first.pk}_answer": "no_answer",
            f"contact_{second.pk}_answer": "agreed",
            "replacement_care_arranged": "on",
            "replacement_care_hours": "60",
            "outcome": "Eli is staying until the carer is home",
        },
    )
    assert response.status_code == 302
    activation = Activation.objects.get()
    assert activation.needs_practitioner_review
    assert [a.answer for a in activation.attempts.all()] == ["no_answer", "agreed"]
    page = client_for(world.user("assessor")).get(
        reverse("emergency_cards:carer-cards", kwargs={"carer_id": world.carer_a.pk})
    )
    assert "Needs practitioner review / financial assessment" in page.content.decode()


def test_activation_form_errors(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("triage_worker"))
    url = reverse("emergency_cards:activation-create", kwargs={"plan_id": plan.pk})
    page = client.post(url, {"occurred_time": "25:99", "replacement_care_arranged": "on"})
    text = page.content.decode()
    for message in [
        "Enter the time in the 24-hour clock, like 14:30",
        "Enter the name of the person who called",
        "Select what has happened to the carer",
        "Enter the outcome of the call",
    ]:
        assert message in text
    assert not Activation.objects.exists()


def test_the_wallet_card_pdf_has_no_personal_data(world, client_for):
    plan = plan_for(world.carer_a)
    client = client_for(world.user("carer"))
    url = reverse("emergency_cards:card-pdf", kwargs={"plan_id": plan.pk})
    client.get(url)  # warm WeasyPrint's font cache
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert elapsed < 0.5, f"card PDF took {elapsed:.3f}s"
    html = card_html(card=plan.current_card)
    assert plan.current_card.formatted_number in html and "I am a carer" in html
    for personal in [world.carer_a.first_name, world.carer_a.last_name, world.carer_a.postcode,
                     str(plan.cared_for.last_name), "Dee Davies"]:  # fmt: skip
        assert personal not in html
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DOWNLOAD).count() == 2


def test_plan_detail_records_the_read(world, client_for):
    plan = plan_for(world.carer_a)
    client_for(world.user("team_manager")).get(
        reverse("emergency_cards:plan-detail", kwargs={"plan_id": plan.pk})
    )
    assert (
        AccessEvent.objects.filter(
            action=AccessEvent.Action.VIEW, object_type="EmergencyPlan", object_id=str(plan.pk)
        ).count()
        == 1
    )


def test_a_stale_edit_is_refused_and_what_was_typed_is_kept(world, client_for):
    plan = plan_for(world.carer_a)
    link = plan.carer.relationships.get(cared_for=plan.cared_for)
    client = client_for(world.user("assessor"))
    url = reverse("emergency_cards:plan-edit", kwargs={"plan_id": plan.pk})
    client.post(url, plan_post_data(link, version="1", needs="First"))
    response = client.post(url, plan_post_data(link, version="1", needs="Second, typed late"))
    text = response.content.decode()
    assert "Someone else changed this plan" in text
    assert "Second, typed late" in text
    plan.refresh_from_db()
    assert plan.needs == "First"


def test_reissue_suspend_reinstate_and_close_through_the_pages(world, client_for):
    plan = plan_for(world.carer_a)
    old = plan.current_card.card_number
    client = client_for(world.user("team_manager"))
    kwargs = {"plan_id": plan.pk}
    client.post(
        reverse("emergency_cards:plan-reissue", kwargs=kwargs), {"version": "1", "reason": "Lost"}
    )
    plan.refresh_from_db()
    assert plan.current_card.card_number != old
    client.post(
        reverse("emergency_cards:plan-suspend", kwargs=kwargs),
        {"version": "2", "notes": "In hospital"},
    )
    plan.refresh_from_db()
    assert plan.status == "suspended"
    client.post(reverse("emergency_cards:plan-reinstate", kwargs=kwargs), {"version": "3"})
    plan.refresh_from_db()
    assert plan.status == "active"
    response = client.post(reverse("emergency_cards:plan-close", kwargs=kwargs), {"version": "4"})
    assert "Select why the card is being closed" in response.content.decode()
    client.post(
        reverse("emergency_cards:plan-close", kwargs=kwargs),
        {"version": "4", "reason": "cared_for_died"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.status_reason) == ("closed", "cared_for_died")


def _plans_due(team, count):
    for _ in range(count):
        plan = plan_for(CarerFactory(team=team))
        EmergencyPlan.objects.filter(pk=plan.pk).update(review_due=timezone.localdate())


def test_review_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.user("team_manager"))
    url = reverse("emergency_cards:plan-list")
    _plans_due(world.team_x, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _plans_due(world.team_x, 27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("Overdue</strong>") == 25  # paginated
    assert len(many) == len(few)


def test_carer_cards_query_count_does_not_grow_with_plans(world, client_for):
    client = client_for(world.user("team_manager"))
    url = reverse("emergency_cards:carer-cards", kwargs={"carer_id": world.carer_a.pk})
    plan_for(world.carer_a)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        plan_for(world.carer_a, cared_for_link=CaringRelationshipFactory(carer=world.carer_a))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_carer_search_finds_only_the_users_teams(world, client_for):
    client = client_for(world.user("triage_worker"))
    page = client.get(reverse("emergency_cards:plan-list"), {"q": "Ashby"}).content.decode()
    assert "Ann Ashby" in page
    page = client.get(reverse("emergency_cards:plan-list"), {"q": "Barnes"}).content.decode()
    assert "Bea Barnes" not in page


def test_the_carer_record_partial_shows_the_card_and_links_to_the_carers_cards(world):
    plan = plan_for(world.carer_a)
    html = render_to_string(
        "emergency_cards/partials/_carer_card_summary.html",
        {"summary": emergency_card_summary_for_carer(carer_id=world.carer_a.pk)},
    )
    assert plan.current_card.formatted_number in html
    assert reverse("emergency_cards:carer-cards", kwargs={"carer_id": world.carer_a.pk}) in html
    empty = render_to_string(
        "emergency_cards/partials/_carer_card_summary.html",
        {"summary": emergency_card_summary_for_carer(carer_id=world.carer_b.pk)},
    )
    assert "Not registered for an emergency card" in empty
