import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from tests.assessments.factories import ELIGIBLE_ANSWERS, EVERY_SECTION_DONE, AssessmentFactory
from tests.factories import CarerFactory

pytestmark = pytest.mark.django_db


def section_url(assessment, slug):
    return reverse("assessments:section", args=[assessment.pk, slug])


def test_start_from_the_carer_record_opens_the_task_list(world, client_for):
    client = client_for(world.user("assessor"))
    response = client.post(
        reverse("assessments:start", args=[world.carer_a.pk]), {"kind": "separate"}
    )
    assessment = Assessment.objects.get(carer=world.carer_a)
    assert response.url == reverse("assessments:task-list", args=[assessment.pk])
    page = client.get(response.url).content.decode()
    assert "govuk-task-list" in page
    assert "Not yet started" in page


def test_start_without_a_kind_says_what_to_do(world, client_for):
    client = client_for(world.user("assessor"))
    response = client.post(reverse("assessments:start", args=[world.carer_a.pk]), {})
    assert "Select the kind of assessment" in response.content.decode()
    assert not Assessment.objects.exists()


def test_invalid_date_is_shown_and_what_was_typed_is_kept(world, client_for, start):
    assessment = start(kind="declined")
    client = client_for(world.user("assessor"))
    response = client.post(
        section_url(assessment, "about"),
        {
            "version": assessment.version,
            "declined_on_0": "31",
            "declined_on_1": "2",
            "declined_on_2": "2026",
            "declined_reason": "Not the right time",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date the carer declined must be a real date" in page
    assert "Not the right time" in page
    assert Assessment.objects.get(pk=assessment.pk).declined_reason == ""


def test_future_decline_date_is_refused(world, client_for, start):
    assessment = start(kind="declined")
    future = datetime.date.today() + datetime.timedelta(days=3)
    response = client_for(world.user("assessor")).post(
        section_url(assessment, "about"),
        {
            "version": assessment.version,
            "declined_on_0": future.day,
            "declined_on_1": future.month,
            "declined_on_2": future.year,
            "declined_reason": "Busy",
        },
    )
    assert "must be today or in the past" in response.content.decode()


def test_continue_needs_the_section_answers_but_save_later_keeps_partial(world, client_for, start):
    assessment = start()
    client = client_for(world.user("assessor"))
    data = {"version": assessment.version, "able_to_care": "yes"}
    response = client.post(section_url(assessment, "caring-role"), data)
    assert "Select whether the carer is willing to provide care" in response.content.decode()
    response = client.post(section_url(assessment, "caring-role"), {**data, "save_later": "1"})
    assert response.url == reverse("assessments:task-list", args=[assessment.pk])
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.able_to_care == "yes"
    assert "In progress" in client.get(response.url).content.decode()


def test_conflicting_save_keeps_what_was_typed(world, client_for, start):
    assessment = start()
    client = client_for(world.user("assessor"))
    services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("team_manager"),
        changes={"outcomes_wanted": "Saved by the manager"},
    )
    response = client.post(
        section_url(assessment, "wellbeing"),
        {
            "version": assessment.version,
            "impact_on_wellbeing": "My typed words",
            "outcomes_wanted": "Mine",
            "support_would_help": "yes",
        },
    )
    page = response.content.decode()
    assert "Someone else changed this assessment" in page
    assert "My typed words" in page
    assert Assessment.objects.get(pk=assessment.pk).outcomes_wanted == "Saved by the manager"


def test_check_answers_waits_until_every_section_is_completed(world, client_for, start):
    assessment = start()
    client = client_for(world.user("assessor"))
    task_list = client.get(reverse("assessments:task-list", args=[assessment.pk])).content.decode()
    check_task = task_list[task_list.index('data-testid="check-task"') :]
    assert "Cannot start yet" in check_task
    assert reverse("assessments:check", args=[assessment.pk]) not in task_list

    url = reverse("assessments:check", args=[assessment.pk])
    early = client.get(url, follow=True)
    assert early.redirect_chain == [(reverse("assessments:task-list", args=[assessment.pk]), 302)]
    body = early.content.decode()
    assert "You can check your answers once every section is completed" in body
    assert "Still to finish: Caring role, Wellbeing and outcomes wanted" in body
    client.post(url, {"version": assessment.version})
    assert Assessment.objects.get(pk=assessment.pk).status == "in_progress"

    # Every answer given, but one section saved "to come back later": still not offered.
    sections = [s for s in EVERY_SECTION_DONE["sections_completed"] if s != "support"]
    almost = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={**ELIGIBLE_ANSWERS, "sections_completed": sections},
    )
    assert client.get(url).status_code == 302
    services.assessment_update(
        assessment=almost,
        version=almost.version,
        user=world.user("assessor"),
        changes=EVERY_SECTION_DONE,
    )
    task_list = client.get(reverse("assessments:task-list", args=[assessment.pk])).content.decode()
    check_task = task_list[task_list.index('data-testid="check-task"') :]
    assert f'href="{url}"' in check_task and "Cannot start yet" not in check_task
    assert client.get(url).status_code == 200


def test_completing_twice_gives_a_clear_message(world, client_for, answered):
    assessment = answered()
    client = client_for(world.user("assessor"))
    url = reverse("assessments:check", args=[assessment.pk])
    first = client.post(url, {"version": assessment.version})
    assert first.url == reverse("assessments:confirmation", args=[assessment.pk])
    second = client.post(url, {"version": assessment.version}, follow=True)
    assert "already been completed" in second.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).version == assessment.version + 1


def test_completed_assessment_is_read_only_and_corrected_by_amendment(world, client_for, answered):
    assessment = answered()
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    client = client_for(world.user("assessor"))
    response = client.post(
        section_url(done, "wellbeing"),
        {"version": done.version, "outcomes_wanted": "sneaky edit"},
    )
    assert response.url == reverse("assessments:detail", args=[done.pk])
    assert Assessment.objects.get(pk=done.pk).outcomes_wanted != "sneaky edit"
    url = reverse("assessments:amend", args=[done.pk])
    response = client.post(
        url,
        {
            "version": done.version,
            "field": "outcomes_wanted",
            "new_value": "A break every month",
            "reason": "Typo at the visit",
        },
    )
    assert response.url == reverse("assessments:detail", args=[done.pk])
    page = client.get(response.url).content.decode()
    assert "Typo at the visit" in page
    assert "A break every month" in page


def test_manager_approves_from_the_approvals_list(world, client_for, answered):
    from decimal import Decimal

    assessment = answered(agreed_budget=Decimal("500"), budget_override_reason="Exceptional")
    services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    client = client_for(world.user("team_manager"))
    assert world.carer_a.full_name in client.get(reverse("assessments:approvals")).content.decode()
    pending = Assessment.objects.get(pk=assessment.pk)
    response = client.post(
        reverse("assessments:approve", args=[pending.pk]),
        {"version": pending.version, "decision": "return"},
    )
    assert "Enter the reason for returning the assessment" in response.content.decode()
    client.post(
        reverse("assessments:approve", args=[pending.pk]),
        {"version": pending.version, "decision": "approve"},
    )
    assert Assessment.objects.get(pk=pending.pk).status == "completed"


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["assessments:mine", "assessments:reviews-due", "assessments:carer-assessments"]
)
def test_list_pages_do_not_grow_queries_with_rows(world, client_for, name):
    def add(n):
        for _ in range(n):
            carer = world.carer_a if name == "assessments:carer-assessments" else None
            AssessmentFactory(
                carer=carer or CarerFactory(team=world.team_x),
                assessor=world.user("team_manager"),
                status="completed",
                completed_on=datetime.date.today(),
                next_review_due=datetime.date.today(),
            )

    client = client_for(world.user("team_manager"))
    kwargs = {"carer_id": world.carer_a.pk} if name == "assessments:carer-assessments" else {}
    url = reverse(name, kwargs=kwargs)
    add(3)
    few = _count_queries(client, url)
    add(27)
    assert _count_queries(client, url) == few


def test_approvals_list_queries_do_not_grow(world, client_for):
    def add(n):
        for _ in range(n):
            AssessmentFactory(
                carer=CarerFactory(team=world.team_x),
                team=world.team_x,
                status="awaiting_approval",
            )

    client = client_for(world.user("team_manager"))
    url = reverse("assessments:approvals")
    add(3)
    few = _count_queries(client, url)
    add(27)
    assert _count_queries(client, url) == few


def test_carer_record_partial_shows_every_kind(world, client_for, answered, start):
    answered()
    start(kind="declined")
    page = client_for(world.user("triage_worker")).get(
        reverse("assessments:carer-assessments", args=[world.carer_a.pk])
    )
    text = page.content.decode()
    assert "Separate carer&#x27;s assessment" in text
    assert "Assessment declined by the carer" in text
    assert ELIGIBLE_ANSWERS  # the answered fixture's data


def test_manager_home_lists_assessments_awaiting_approval(world, client_for, answered):
    from decimal import Decimal

    assessment = answered(agreed_budget=Decimal("450"), budget_override_reason="Exceptional")
    services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    page = client_for(world.user("team_manager")).get(reverse("home-team-manager"))
    text = page.content.decode()
    assert reverse("assessments:approve", args=[assessment.pk]) in text
    assert "£450.00" in text
    assessor_home = (
        client_for(world.user("assessor")).get(reverse("home-assessor")).content.decode()
    )
    assert reverse("assessments:reviews-due") in assessor_home


def test_start_from_a_triaged_referral_links_it_and_stops_the_clock(world, client_for):
    from tests.triage.factories import ReferralFactory

    referral = ReferralFactory(
        carer=world.carer_a, team=world.team_x, status="assigned", pathway="carers_assessment"
    )
    client = client_for(world.user("assessor"))
    url = reverse("assessments:start", args=[world.carer_a.pk]) + f"?referral={referral.pk}"
    assert referral.reference in client.get(url).content.decode()
    client.post(url, {"kind": "separate", "referral": referral.pk})
    assessment = Assessment.objects.get(carer=world.carer_a)
    assert assessment.referral == referral
    referral.refresh_from_db()
    assert referral.assessment_started_at is not None


def test_referral_for_another_carer_is_not_found(world, client_for):
    from tests.triage.factories import ReferralFactory

    referral = ReferralFactory(carer=world.carer_b, team=world.team_y)
    url = reverse("assessments:start", args=[world.carer_a.pk]) + f"?referral={referral.pk}"
    assert client_for(world.user("assessor")).get(url).status_code == 404


def test_review_is_started_from_the_earlier_assessment(world, client_for, answered):
    first = answered()
    first = services.assessment_complete(
        assessment=first, version=first.version, user=world.user("assessor")
    )
    client = client_for(world.user("assessor"))
    detail = client.get(reverse("assessments:detail", args=[first.pk])).content.decode()
    assert "Start a review of this assessment" in detail
    start_url = reverse("assessments:start", args=[world.carer_a.pk])
    response = client.post(start_url, {"kind": "review"})
    assert "Select the assessment being reviewed" in response.content.decode()
    response = client.post(start_url, {"kind": "review", "review_of": first.pk})
    review = Assessment.objects.get(kind="review")
    assert review.review_of == first
    response = client.post(
        section_url(review, "about"),
        {"version": review.version, "review_type": "unplanned", "review_reason": "Carer asked"},
    )
    assert response.url == section_url(review, "caring-role")
