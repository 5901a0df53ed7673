import datetime

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from carers_portal.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_carer_record_shows_assessments_and_emergency_card_sections(world, client_for):
    worker = world.user(Role.ASSESSOR.value)
    Assessment.objects.create(
        carer=world.carer_a,
        kind=AssessmentKind.DECLINED,
        status=AssessmentStatus.COMPLETED,
        started_on=datetime.date(2026, 10, 1),
        completed_on=datetime.date(2026, 10, 1),
        declined_on=datetime.date(2026, 10, 1),
        declined_reason="Managing for now",
        team=world.team_x,
        assessor=worker,
    )
    body = client_for(worker).get(reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk}))
    html = body.content.decode()
    assert 'data-testid="carer-assessments"' in html
    assert "Declined" in html
    assert 'data-testid="carer-support-plans"' in html
    assert 'data-testid="emergency-card-summary"' in html
    assert "Not registered for an emergency card." in html


def test_carer_record_query_count_does_not_grow_with_assessments(
    world, client_for, django_assert_max_num_queries
):
    worker = UserFactory(username="counting", role=Role.ASSESSOR, teams=[world.team_x])
    client = client_for(worker)
    url = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    client.get(url)
    for day in range(1, 9):
        Assessment.objects.create(
            carer=world.carer_a,
            kind=AssessmentKind.SEPARATE,
            status=AssessmentStatus.IN_PROGRESS,
            started_on=datetime.date(2026, 10, day),
            team=world.team_x,
            assessor=worker,
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(9, 28):
        Assessment.objects.create(
            carer=world.carer_a,
            kind=AssessmentKind.SEPARATE,
            status=AssessmentStatus.IN_PROGRESS,
            started_on=datetime.date(2026, 10, day),
            team=world.team_x,
            assessor=worker,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_record_reads_each_list_of_the_carer_once_for_all_its_panels(world, client_for):
    """The journey, the panels and the case notes share one read of each list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    worker = world.user(Role.ASSESSOR.value)
    assessment = Assessment.objects.create(
        carer=world.carer_a,
        kind=AssessmentKind.SEPARATE,
        status=AssessmentStatus.IN_PROGRESS,
        started_on=datetime.date(2026, 10, 1),
        team=world.team_x,
        assessor=worker,
    )
    url = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    with CaptureQueriesContext(connection) as queries:
        page = client_for(worker).get(url)
    assessment_url = reverse("assessments:detail", kwargs={"pk": assessment.pk})
    # In the assessments panel and on the journey, from the one read.
    assert page.content.decode().count(f'href="{assessment_url}"') >= 2

    def reads_of(table: str) -> int:
        return sum(
            1
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
        )

    assert reads_of("triage_referral") == 1
    assert reads_of("assessments_assessment") == 1
    assert reads_of("support_plans_supportplan") == 1


def test_the_record_panels_are_html_and_what_people_typed_in_them_is_escaped(world, client_for):
    from triage.models import Carer  # noqa: PLC0415

    Carer.objects.filter(pk=world.carer_a.pk).update(first_name="<b>Ann</b>")
    url = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    html = client_for(world.user(Role.ASSESSOR.value)).get(url).content.decode()
    # The panels from other apps arrive as markup, not as escaped text ...
    for panel in ("carer-assessments", "carer-support-plans", "emergency-card-summary"):
        assert f'data-testid="{panel}"' in html
    # ... and the name typed into the record is escaped inside them.
    assert "<b>Ann</b>" not in html
    assert "All assessments of &lt;b&gt;Ann&lt;/b&gt;" in html
