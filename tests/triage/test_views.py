import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from tests.factories import CaredForPersonFactory, CarerFactory, CaringRelationshipFactory
from tests.triage.factories import ReferralFactory
from triage.models import Carer, Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def detail_url(referral) -> str:
    return reverse("triage:referral-detail", kwargs={"reference": referral.reference})


def test_queue_shows_own_teams_referrals_only(world, client_for):
    mine = ReferralFactory(team=world.team_x, last_name="Mine")
    theirs = ReferralFactory(team=world.team_y, last_name="Theirs")
    page = client_for(world.user("triage_worker")).get(reverse("triage:queue")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_other_teams_and_other_roles_get_404_for_a_referral(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    for user in (world.user("triage_worker_y"), world.user("carer"), world.user("commissioner")):
        assert client_for(user).get(detail_url(referral)).status_code == 404
    assert client_for(world.user("assessor")).get(detail_url(referral)).status_code == 200


def test_queue_filters_and_search(world, client_for):
    old = ReferralFactory(
        team=world.team_x,
        last_name="Oldham",
        received_at=timezone.now() - datetime.timedelta(days=30),
    )
    new = ReferralFactory(team=world.team_x, last_name="Newman", postcode="LS6 2AB")
    gp = ReferralFactory(team=world.team_x, last_name="Gupta", source="gp_practice")
    client = client_for(world.user("triage_worker"))

    def refs(query: str) -> set[str]:
        page = client.get(reverse("triage:queue") + "?" + query).content.decode()
        return {r.reference for r in (old, new, gp) if r.reference in page}

    assert refs("overdue=on") == {old.reference}
    assert refs("q=newm") == {new.reference}
    assert refs("q=LS6") == {new.reference}
    assert refs(f"q={gp.reference.lower()}") == {gp.reference}
    assert refs("source=gp_practice") == {gp.reference}
    assert refs("status=triaged") == set()


def test_queue_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.user("triage_worker"))
    url = reverse("triage:queue")
    client.get(url)  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ReferralFactory.create_batch(10, team=world.team_x, carer=world.carer_a)
    with_10 = count()
    ReferralFactory.create_batch(490, team=world.team_x, assigned_to=world.user("assessor"))
    assert count() == with_10


def test_caseload_and_carer_list_query_counts_do_not_grow(world, client_for):
    worker = world.user("triage_worker")
    client = client_for(worker)
    client.get(reverse("triage:caseload"))

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ReferralFactory.create_batch(3, team=world.team_x, assigned_to=worker)
    CarerFactory.create_batch(3, team=world.team_x)
    caseload, carers = count(reverse("triage:caseload")), count(reverse("triage:carer-list"))
    ReferralFactory.create_batch(30, team=world.team_x, assigned_to=worker)
    CarerFactory.create_batch(30, team=world.team_x)
    assert count(reverse("triage:caseload")) == caseload
    assert count(reverse("triage:carer-list")) == carers


def test_possible_duplicates_are_shown_and_linking_is_explicit(world, client_for):
    existing = CarerFactory(
        team=world.team_x, last_name="Bloggs", date_of_birth=datetime.date(1970, 3, 27)
    )
    CaringRelationshipFactory(carer=existing, cared_for=CaredForPersonFactory(first_name="Sam"))
    CarerFactory(team=world.team_y, last_name="Bloggs", date_of_birth=datetime.date(1970, 3, 27))
    referral = ReferralFactory(
        team=world.team_x, last_name="Bloggs", date_of_birth=datetime.date(1970, 3, 27)
    )
    client = client_for(world.user("triage_worker"))
    page = client.get(detail_url(referral)).content.decode()
    assert "1 possible existing record" in page
    assert "Same surname and date of birth" in page
    assert "1 possible match in other teams" in page
    referral.refresh_from_db()
    assert referral.carer is None  # shown, never merged silently
    response = client.post(
        reverse("triage:referral-link", kwargs={"reference": referral.reference}),
        {"carer": existing.pk, "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.carer == existing


def test_cannot_link_to_a_carer_outside_scope(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    response = client_for(world.user("triage_worker")).post(
        reverse("triage:referral-link", kwargs={"reference": referral.reference}),
        {"carer": world.carer_b.pk, "version": referral.version},
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.carer is None


def test_confirming_a_new_carer_creates_the_record(world, client_for):
    referral = ReferralFactory(team=world.team_x, last_name="Newperson")
    client_for(world.user("triage_worker")).post(
        reverse("triage:referral-carer-create", kwargs={"reference": referral.reference}),
        {"version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.carer.last_name == "Newperson"
    assert Carer.objects.filter(last_name="Newperson").count() == 1


def test_triage_then_decision_with_override(world, client_for):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    client = client_for(world.user("triage_worker"))
    url = reverse("triage:referral-triage", kwargs={"reference": referral.reference})
    response = client.post(
        url,
        {
            "version": referral.version,
            "caring_hours": "50_plus",
            "health_impact": "none",
            "breakdown_risk": "low",
            "carer_hospital_admission": "no",
            "urgency": "routine",
        },
    )
    decision_url = reverse("triage:referral-decision", kwargs={"reference": referral.reference})
    assert response["Location"] == decision_url
    page = client.get(decision_url).content.decode()
    assert "50 or more hours" in page
    referral.refresh_from_db()
    assert (referral.proposed_priority, referral.proposed_pathway) == ("high", "carers_assessment")
    response = client.post(
        decision_url,
        {"version": referral.version, "priority": "standard", "pathway": "carers_assessment"},
    )
    assert "Enter a reason for choosing a different priority or pathway" in (
        response.content.decode()
    )
    response = client.post(
        decision_url,
        {
            "version": referral.version,
            "priority": "standard",
            "pathway": "carers_assessment",
            "override_reason": "Other carers share the 50 hours",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.priority) == (ReferralStatus.TRIAGED, "standard")


def test_two_workers_editing_a_carer_the_second_is_told_and_nothing_is_overwritten(
    world, client_for
):
    carer = world.carer_a
    url = reverse("triage:carer-edit", kwargs={"pk": carer.pk})
    base = {
        "version": carer.version,
        "first_name": carer.first_name,
        "last_name": carer.last_name,
        "date_of_birth_0": carer.date_of_birth.day,
        "date_of_birth_1": carer.date_of_birth.month,
        "date_of_birth_2": carer.date_of_birth.year,
        "postcode": carer.postcode,
        "preferred_contact": "phone",
        "caring_hours": carer.caring_hours,
        "phone": carer.phone,
    }
    first, second = client_for(world.user("triage_worker")), client_for(world.user("assessor"))
    assert first.post(url, {**base, "phone": "01111 111111"}).status_code == 302
    response = second.post(url, {**base, "phone": "02222 222222"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this record" in page
    assert 'value="02222 222222"' in page  # what the second worker typed is kept
    assert "01111 111111" in page  # and they can see what is saved now
    carer.refresh_from_db()
    assert carer.phone == "01111 111111"


def test_two_workers_triaging_the_same_referral(world, client_for):
    referral = ReferralFactory(team=world.team_x)
    url = reverse("triage:referral-triage", kwargs={"reference": referral.reference})
    answers = {
        "version": referral.version,
        "caring_hours": "20_49",
        "health_impact": "some",
        "breakdown_risk": "low",
        "carer_hospital_admission": "no",
        "urgency": "routine",
    }
    assert client_for(world.user("triage_worker")).post(url, answers).status_code == 302
    response = client_for(world.user("team_manager")).post(
        url, {**answers, "health_impact": "significant"}
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.health_impact == "some"


def test_carer_record_shows_history_and_who_viewed(world, client_for):
    worker = world.user("triage_worker")
    client = client_for(worker)
    carer = world.carer_a
    url = reverse("triage:carer-edit", kwargs={"pk": carer.pk})
    client.post(
        url,
        {
            "version": carer.version,
            "first_name": carer.first_name,
            "last_name": carer.last_name,
            "date_of_birth_0": carer.date_of_birth.day,
            "date_of_birth_1": carer.date_of_birth.month,
            "date_of_birth_2": carer.date_of_birth.year,
            "postcode": "LS6 2AB",
            "preferred_contact": "phone",
            "caring_hours": carer.caring_hours,
            "phone": carer.phone,
        },
    )
    client_for(world.user("assessor")).get(reverse("triage:carer-detail", kwargs={"pk": carer.pk}))
    page = client.get(reverse("triage:carer-detail", kwargs={"pk": carer.pk})).content.decode()
    assert "Postcode: NR1 3QU to LS6 2AB" in page
    assert str(worker) in page
    assert str(world.user("assessor")) in page
    assert AccessEvent.objects.filter(carer_id=carer.pk, action="view").count() == 2


def test_add_cared_for_person(world, client_for):
    carer = world.carer_a
    response = client_for(world.user("assessor")).post(
        reverse("triage:cared-for-add", kwargs={"pk": carer.pk}),
        {
            "first_name": "Pat",
            "last_name": "Ashby",
            "relationship": "spouse_partner",
            "primary_support_reason": "frailty",
        },
    )
    assert response.status_code == 302
    assert carer.relationships.get().cared_for.first_name == "Pat"


def test_staff_intake_form_requires_referrer_for_professionals(world, client_for):
    response = client_for(world.user("triage_worker")).post(
        reverse("triage:referral-create"), {"source": "hospital_discharge"}
    )
    page = response.content.decode()
    assert "Enter the referrer&#x27;s name" in page
    assert "Enter the carer&#x27;s first name" in page
    assert Referral.objects.count() == 0


def test_assignment_to_a_worker(world, client_for):
    referral = ReferralFactory(team=world.team_x, status=ReferralStatus.TRIAGED)
    assessor = world.user("assessor")
    response = client_for(world.user("team_manager")).post(
        reverse("triage:referral-assign", kwargs={"reference": referral.reference}),
        {"version": referral.version, "team": world.team_x.pk, "assigned_to": assessor.pk},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.assigned_to, referral.status) == (assessor, ReferralStatus.ASSIGNED)
    page = client_for(assessor).get(reverse("triage:caseload")).content.decode()
    assert referral.reference in page


@pytest.mark.parametrize("days_ago", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 28, 29, 30, 40])
def test_overdue_filter_agrees_with_the_breach_flags_shown(world, client_for, days_ago):
    from triage.selectors import referral_breaches_for, referral_overdue_q

    received = timezone.now() - datetime.timedelta(days=days_ago)
    referrals = [
        ReferralFactory(team=world.team_x, received_at=received, urgent_at_intake=True),
        ReferralFactory(team=world.team_x, received_at=received),
        ReferralFactory(
            team=world.team_x,
            received_at=received,
            status=ReferralStatus.TRIAGED,
            pathway="carers_assessment",
        ),
    ]
    overdue = set(Referral.objects.filter(referral_overdue_q()).values_list("pk", flat=True))
    for referral in referrals:
        assert (referral.pk in overdue) == bool(referral_breaches_for(referral)), days_ago
