import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from services_directory.models import Service
from support_plans.models import PlanItem, PlanStatus, SupportPlan
from tests.factories import CarerFactory
from tests.support_plans.factories import (
    ActivePlanFactory,
    EligibleAssessmentFactory,
    PlanItemFactory,
    ServiceFactory,
    SupportPlanFactory,
)
from triage.models import Task, TaskKind

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: datetime.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def test_assessor_creates_a_draft_plan_from_an_eligible_assessment(world, client_for):
    assessment = EligibleAssessmentFactory(carer=world.carer_a)
    client = client_for(world.user("assessor"))
    url = reverse("support_plans:plan-create", kwargs={"assessment_id": assessment.pk})
    response = client.post(url, _date("starts_on", datetime.date(2026, 3, 1)))
    plan = SupportPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})
    assert plan.status == PlanStatus.DRAFT
    assert plan.created_by == world.user("assessor")


def test_staff_of_another_team_get_404(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)
    client = client_for(world.user("triage_worker_y"))
    response = client.get(reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 404
    response = client.get(reverse("support_plans:plan-pdf", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 404


def test_a_carer_sees_only_their_own_agreed_plans(world, client_for):
    own = ActivePlanFactory(assessment__carer=world.carer_a)
    draft = SupportPlanFactory(assessment__carer=world.carer_a)
    others = ActivePlanFactory(assessment__carer=world.carer_b)
    client = client_for(world.user("carer"))
    listing = client.get(reverse("support_plans:my-plans")).content.decode()
    assert reverse("support_plans:my-plan", kwargs={"plan_id": own.pk}) in listing
    assert reverse("support_plans:my-plan", kwargs={"plan_id": draft.pk}) not in listing
    for plan in (draft, others):
        for name in ("support_plans:my-plan", "support_plans:my-plan-pdf"):
            assert client.get(reverse(name, kwargs={"plan_id": plan.pk})).status_code == 404


def test_carer_page_shows_services_with_contact_details_and_records_access(world, client_for):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(
        plan=plan,
        service=ServiceFactory(name="Breaks for carers", with_phone="01603 222333"),
    )
    client = client_for(world.user("carer"))
    response = client.get(reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk}))
    body = response.content.decode()
    assert "Breaks for carers" in body
    assert "01603 222333" in body
    assert "https://carers.example.org/breaks" in body
    assert "29 March 2026" in body  # next review
    assert AccessEvent.objects.filter(
        user=world.user("carer"), object_id=str(plan.pk), action="view"
    ).exists()


def test_carer_downloads_their_plan_as_pdf(world, client_for):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    client = client_for(world.user("carer"))
    response = client.get(reverse("support_plans:my-plan-pdf", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(object_id=str(plan.pk), action="download").exists()


def test_carer_asks_for_a_review(world, client_for):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    client = client_for(world.user("carer"))
    url = reverse("support_plans:my-plan-review", kwargs={"plan_id": plan.pk})
    response = client.post(url, {"reason": ""})
    assert "Enter why you would like a review" in response.content.decode()
    assert not Task.objects.exists()
    response = client.post(url, {"reason": "My hours at work have changed"}, follow=True)
    assert "Review requested on" in response.content.decode()
    assert Task.objects.get().kind == TaskKind.REVIEW_REQUESTED


def test_adding_an_item_over_budget_shows_a_clear_message(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a, personal_budget=Decimal("100"))
    service = ServiceFactory()
    client = client_for(world.user("assessor"))
    url = reverse("support_plans:item-add", kwargs={"plan_id": plan.pk})
    data = {
        "version": plan.version,
        "service": str(service.pk),
        "description": "Weekly break",
        "frequency": "weekly",
        "cost": "5.00",
        "funding_stream": "care_act",
        "delivery_mechanism": "commissioned",
        **_date("starts_on", datetime.date(2026, 2, 1)),
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "£160.00 more than the personal budget of £100.00" in body
    assert 'value="Weekly break"' in body  # what they typed is kept
    assert not PlanItem.objects.exists()
    # The same cost as replacement care for the cared-for person is allowed.
    response = client.post(url, {**data, "for_cared_for_person": "on"})
    assert response.status_code == 302
    assert PlanItem.objects.get().for_cared_for_person is True


def test_editing_with_a_stale_version_says_someone_else_changed_it(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)
    client = client_for(world.user("assessor"))
    data = {
        "version": plan.version - 0,
        "needs_to_be_met": "Breaks every week",
        "outcomes_wanted": "See friends",
        "contingency_arrangements": "Sister steps in",
        "personal_budget": "300",
        **_date("starts_on", plan.starts_on),
    }
    SupportPlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    url = reverse("support_plans:plan-edit", kwargs={"plan_id": plan.pk})
    response = client.post(url, data)
    body = response.content.decode()
    assert "Someone else changed this support plan" in body
    assert "Breaks every week" in body
    plan.refresh_from_db()
    assert plan.needs_to_be_met == "Regular breaks"


def test_service_search_filters_by_the_carers_age_and_district(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)  # NR1 3QU, adult
    ServiceFactory(name="Whole county service")
    ServiceFactory(name="Norwich service", areas=["NR1"])
    ServiceFactory(name="Ipswich service", areas=["IP1"])
    ServiceFactory(name="Young carers club", maximum_age=17)
    ServiceFactory(name="Old details", last_verified_on=datetime.date(2020, 1, 1))
    ServiceFactory(name="Full up", capacity=5, uptake=5)
    client = client_for(world.user("assessor"))
    body = client.get(
        reverse("support_plans:service-search", kwargs={"plan_id": plan.pk})
    ).content.decode()
    assert "Whole county service" in body
    assert "Norwich service" in body
    assert "Ipswich service" not in body
    assert "Young carers club" not in body
    assert "Details not checked recently" in body
    assert "At capacity" in body


def _plans(team_carer_count: int, world) -> None:
    for _ in range(team_carer_count):
        carer = CarerFactory(team=world.team_x)
        plan = ActivePlanFactory(assessment__carer=carer)
        PlanItemFactory(plan=plan)


@pytest.mark.parametrize("rows", [3, 30])
def test_plan_list_query_count_is_flat(world, client_for, django_assert_num_queries, rows):
    _plans(rows, world)
    client = client_for(world.user("team_manager"))
    url = reverse("support_plans:plan-list")
    client.get(url)  # warm the session and user
    # The same for 3 and 30 plans: nothing is fetched per row (the session comes from the
    # cache and is not rewritten; it counts the second-factor device and the access-log
    # insert for the carers the page shows).
    with django_assert_num_queries(6):
        response = client.get(url + "?status=active")
    assert response.status_code == 200
    assert response.content.decode().count('class="govuk-table__row"') == min(rows, 25) + 1


@pytest.mark.parametrize("rows", [3, 30])
def test_service_search_query_count_is_flat(world, client_for, django_assert_num_queries, rows):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)
    for _ in range(rows):
        ServiceFactory()
    client = client_for(world.user("assessor"))
    url = reverse("support_plans:service-search", kwargs={"plan_id": plan.pk})
    client.get(url)
    # The same for 3 and 30 services: nothing is fetched per row (nor the session). One of
    # them is the plan's restriction check (triage.restrictions.not_restricted_from).
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count('data-testid="service-result"') == min(rows, 25)
    assert Service.objects.count() == rows


def test_the_assessment_page_offers_create_support_plan(world, client_for):
    assessment = EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    create_url = reverse("support_plans:plan-create", kwargs={"assessment_id": assessment.pk})
    detail_url = reverse("assessments:detail", args=[assessment.pk])
    assert create_url in client_for(world.user("assessor")).get(detail_url).content.decode()
    assert (
        create_url not in client_for(world.user("triage_worker")).get(detail_url).content.decode()
    )


def test_the_pdf_says_what_the_carers_page_says(world, client_for, monkeypatch):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(plan=plan, service=ServiceFactory(name="Sitting", with_phone="01603 999000"))
    rendered = {}

    class FakeHTML:
        def __init__(self, *, string, base_url):
            rendered["html"] = string

        def write_pdf(self, **options):
            return b"%PDF-fake"

    monkeypatch.setattr("carers_portal.documents.weasyprint.HTML", FakeHTML)
    client = client_for(world.user("carer"))
    page = client.get(
        reverse("support_plans:my-plan", kwargs={"plan_id": plan.pk})
    ).content.decode()
    client.get(reverse("support_plans:my-plan-pdf", kwargs={"plan_id": plan.pk}))
    for text in ("Sitting", "01603 999000", "29 March 2026", "£300.00 a year", plan.reference):
        assert text in page
        assert text in rendered["html"]
