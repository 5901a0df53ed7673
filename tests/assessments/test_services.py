import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.test import override_settings

from assessments import services
from assessments.exceptions import NotEditable
from assessments.models import Assessment, AssessmentAmendment, ResourceAllocationBand
from assessments.selectors import assessment_list_for_carer, assessment_list_visible_to
from carers_portal.versioning import EditConflict
from tests.assessments.factories import ELIGIBLE_ANSWERS, AssessmentFactory
from tests.factories import CaredForPersonFactory, CarerFactory, CaringRelationshipFactory
from triage.models import Task

pytestmark = pytest.mark.django_db


def test_start_copies_the_team_and_flags_a_young_carer(world, start):
    young = CarerFactory(team=world.team_x, date_of_birth=datetime.date.today().replace(year=2012))
    assessment = start(carer=young)
    assert assessment.team == world.team_x
    assert assessment.is_young_carer is True
    assert assessment.status == "in_progress"


def test_eligible_separate_assessment_completes_with_band_budget_and_review_date(world, answered):
    assessment = answered()
    assert assessment.rules_outcome == "eligible"
    assert assessment.indicative_budget == Decimal("175.00")
    done = services.assessment_complete(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        today=datetime.date(2026, 1, 10),
    )
    assert done.status == "completed"
    assert done.completed_on == datetime.date(2026, 1, 10)
    assert done.agreed_budget == Decimal("175.00")
    assert done.budget_frequency == "one_off"
    assert done.next_review_due == datetime.date(2027, 1, 10)
    assert any("reg. 3(2)(a)" in reason for reason in done.eligibility_reasons)


def test_completing_twice_is_refused_and_changes_nothing(world, answered):
    assessment = answered()
    version = assessment.version
    services.assessment_complete(
        assessment=assessment, version=version, user=world.user("assessor")
    )
    with pytest.raises(NotEditable, match="already been completed"):
        services.assessment_complete(
            assessment=assessment, version=version, user=world.user("assessor")
        )
    assert Assessment.objects.get(pk=assessment.pk).version == version + 1


def test_missing_answers_are_listed_and_nothing_is_completed(world, start):
    assessment = start()
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(
            assessment=assessment, version=assessment.version, user=world.user("assessor")
        )
    assert (
        "Select whether the carer is able to provide care"
        in error.value.message_dict["able_to_care"]
    )
    assert Assessment.objects.get(pk=assessment.pk).status == "in_progress"


def test_stale_version_is_a_conflict_and_keeps_the_other_save(world, answered):
    assessment = answered()
    stale = assessment.version
    services.assessment_update(
        assessment=assessment,
        version=stale,
        user=world.user("assessor"),
        changes={"outcomes_wanted": "First save wins"},
    )
    with pytest.raises(EditConflict):
        services.assessment_update(
            assessment=assessment,
            version=stale,
            user=world.user("assessor"),
            changes={"outcomes_wanted": "Second save"},
        )
    assert Assessment.objects.get(pk=assessment.pk).outcomes_wanted == "First save wins"


def test_declined_records_date_and_reason_and_cannot_be_deleted(world, start):
    assessment = start(kind="declined")
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(
            assessment=assessment, version=assessment.version, user=world.user("assessor")
        )
    assert set(error.value.message_dict) == {"declined_on", "declined_reason"}
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={"declined_on": datetime.date(2026, 1, 5), "declined_reason": "Managing for now"},
    )
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    assert done.status == "completed"
    assert done.eligibility_outcome == "not_determined"
    assert done.next_review_due is None
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Assessment.objects.filter(pk=done.pk).delete()
    # The offer can be made again: a new assessment starts while the refusal stays on record.
    again = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    kinds = [a.kind for a in assessment_list_for_carer(carer=world.carer_a)]
    assert sorted(kinds) == ["declined", "separate"]
    assert again.pk != done.pk


def test_joint_needs_both_people_to_agree(world, start):
    person = CaredForPersonFactory()
    CaringRelationshipFactory(carer=world.carer_a, cared_for=person)
    from tests.assessments.factories import ELIGIBLE_ANSWERS

    assessment = start(kind="joint", cared_for=person)
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={**ELIGIBLE_ANSWERS, "carer_agreed_to_joint": True},
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(
            assessment=assessment, version=assessment.version, user=world.user("assessor")
        )
    assert error.value.message_dict["cared_for_agreed_to_joint"] == [
        "Select whether the person being cared for agreed to a joint assessment"
    ]
    said_no = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={"cared_for_agreed_to_joint": False},
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(
            assessment=said_no, version=said_no.version, user=world.user("assessor")
        )
    assert error.value.message_dict["cared_for_agreed_to_joint"] == [
        "A joint assessment needs the person being cared for to agree. Record their agreement "
        "if they agree later, or carry out a separate assessment instead"
    ]


def test_joint_refuses_someone_the_carer_does_not_look_after(world, start):
    with pytest.raises(ValidationError):
        start(kind="joint", cared_for=CaredForPersonFactory())


def test_override_needs_a_reason(world, answered):
    assessment = answered()
    with pytest.raises(ValidationError) as error:
        services.assessment_update(
            assessment=assessment,
            version=assessment.version,
            user=world.user("assessor"),
            changes={"eligibility_outcome": "not_eligible"},
        )
    assert "eligibility_override_reason" in error.value.message_dict
    overridden = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={
            "eligibility_outcome": "not_eligible",
            "eligibility_override_reason": "Needs met in full by the cared-for person's plan",
        },
    )
    assert overridden.rules_outcome == "eligible"
    assert overridden.eligibility_outcome == "not_eligible"
    assert overridden.indicative_budget is None


def test_band_table_is_data_an_administrator_can_change(world, answered):
    ResourceAllocationBand.objects.filter(amount=Decimal("175.00")).update(amount=Decimal("180"))
    assert answered().indicative_budget == Decimal("180.00")


def test_a_new_band_amount_applies_from_its_date_and_never_rewrites_earlier_budgets(
    world, answered, start
):
    import datetime

    from django.utils import timezone

    from assessments.selectors import allocation_band_table

    before = answered()
    old_band = ResourceAllocationBand.objects.get(name=before.indicative_band)
    from_date = timezone.localdate() + datetime.timedelta(days=1)
    ResourceAllocationBand.objects.create(
        name=old_band.name,
        min_score=old_band.min_score,
        max_score=old_band.max_score,
        amount=old_band.amount + 50,
        frequency=old_band.frequency,
        effective_from=from_date,
    )
    # Saving the earlier assessment again keeps the amount that applied when it started.
    again = services.assessment_update(
        assessment=before, version=before.version, user=world.user("assessor"), changes={}
    )
    assert again.indicative_budget == old_band.amount
    from freezegun import freeze_time

    with freeze_time(from_date):
        later = start()
        later = services.assessment_update(
            assessment=later,
            version=later.version,
            user=world.user("assessor"),
            changes=dict(ELIGIBLE_ANSWERS),
        )
    assert later.indicative_budget == old_band.amount + 50
    names = [b.name for b in allocation_band_table(on=from_date)]
    assert len(names) == len(set(names))


def test_an_allocation_band_in_use_cannot_be_edited_in_admin(client_for):
    from tests.factories import UserFactory

    band = ResourceAllocationBand.objects.first()
    admin = client_for(
        UserFactory(username="band-admin", role="administrator", is_staff=True, is_superuser=True)
    )
    url = f"/admin/assessments/resourceallocationband/{band.pk}/change/"
    page = admin.get(url)
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()  # shown read-only
    assert admin.post(url, {"amount": "1"}).status_code == 403


@override_settings(ASSESSMENT_APPROVAL_THRESHOLD=300)
def test_above_threshold_awaits_a_team_manager_of_that_team(world, answered):
    assessment = answered(agreed_budget=Decimal("350"), budget_override_reason="Exceptional")
    pending = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    assert pending.status == "awaiting_approval"
    assert pending.completed_on is None
    with pytest.raises(PermissionDenied):
        services.assessment_approve(
            assessment=pending, version=pending.version, manager=world.user("assessor")
        )
    returned = services.assessment_return(
        assessment=pending,
        version=pending.version,
        manager=world.user("team_manager"),
        reason="Show the costing",
    )
    assert returned.status == "in_progress"
    again = services.assessment_complete(
        assessment=returned, version=returned.version, user=world.user("assessor")
    )
    approved = services.assessment_approve(
        assessment=again, version=again.version, manager=world.user("team_manager")
    )
    assert approved.status == "completed"
    assert approved.approved_by == world.user("team_manager")


def test_agreed_budget_different_from_band_needs_a_reason(world, answered):
    with pytest.raises(ValidationError) as error:
        answered(agreed_budget=Decimal("120"))
    assert "budget_override_reason" in error.value.message_dict


def test_amendment_keeps_who_when_what_why(world, answered):
    assessment = answered()
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    with pytest.raises(NotEditable):
        services.assessment_update(
            assessment=done,
            version=done.version,
            user=world.user("assessor"),
            changes={"outcomes_wanted": "changed"},
        )
    amendment = services.assessment_amend(
        assessment=done,
        version=done.version,
        user=world.user("assessor"),
        field_name="received_information_advice",
        new_value=True,
        reason="Leaflets were given at the visit",
    )
    assert (amendment.old_value, amendment.new_value) == ("No", "Yes")
    assert amendment.changed_by == world.user("assessor")
    assert Assessment.objects.get(pk=done.pk).received_information_advice is True
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        AssessmentAmendment.objects.filter(pk=amendment.pk).update(reason="rewritten")


def test_review_links_to_earlier_and_takes_it_off_the_due_list(world, answered):
    first = answered()
    first = services.assessment_complete(
        assessment=first,
        version=first.version,
        user=world.user("assessor"),
        today=datetime.date(2025, 1, 1),
    )
    review = services.assessment_start(
        carer=world.carer_a,
        kind="review",
        assessor=world.user("assessor"),
        review_of=first,
        review_type="unplanned",
        review_reason="Cared-for person's health changed",
    )
    assert review.outcome_recreation == "needs_help"  # carried over from the earlier one
    services.assessment_complete(
        assessment=review, version=review.version, user=world.user("assessor")
    )
    assert Assessment.objects.get(pk=first.pk).next_review_due is None


def test_nightly_overdue_check_is_idempotent_and_creates_one_task(world, answered):
    assessment = answered()
    services.assessment_complete(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        today=datetime.date(2024, 1, 1),
    )
    today = datetime.date(2025, 6, 1)
    assert services.reviews_mark_overdue(today=today) == 1
    assert services.reviews_mark_overdue(today=today) == 0
    assert Assessment.objects.get(pk=assessment.pk).review_overdue is True
    assert Task.objects.filter(kind="review_due", carer=world.carer_a).count() == 1


def test_plan_start_schedules_the_light_review(world, answered):
    assessment = answered()
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    services.assessment_plan_started(assessment=done, plan_started_on=datetime.date(2026, 3, 2))
    assert Assessment.objects.get(pk=done.pk).next_review_due == datetime.date(2026, 4, 27)


def test_scope_follows_the_carer(world):
    mine = AssessmentFactory(carer=world.carer_a)
    theirs = AssessmentFactory(carer=world.carer_b)
    visible = set(assessment_list_visible_to(world.user("assessor")))
    assert mine in visible and theirs not in visible
    assert set(assessment_list_visible_to(world.user("triage_worker_y"))) == {theirs}
    assert list(assessment_list_visible_to(world.user("commissioner"))) == []
    # A carer sees only their own, and only once completed.
    assert list(assessment_list_visible_to(world.user("carer"))) == []


def test_start_date_cannot_be_in_the_future(world, start):
    with pytest.raises(ValidationError) as error:
        start(started_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "started_on" in error.value.message_dict


def test_young_carer_transition_assessment_completes_without_a_decision(world, start):
    from tests.assessments.factories import ELIGIBLE_ANSWERS

    young = CarerFactory(team=world.team_x, date_of_birth=datetime.date.today().replace(year=2009))
    assessment = start(carer=young)
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={**ELIGIBLE_ANSWERS, "is_transition": True},
    )
    assert any("likely to be eligible after 18" in r for r in assessment.eligibility_reasons)
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    assert done.status == "completed"
    assert done.eligibility_outcome == "not_determined"


def test_reviews_due_list_can_be_narrowed_to_one_team(world, answered):
    from assessments.selectors import assessment_list_reviews_due

    assessment = answered()
    services.assessment_complete(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        today=datetime.date(2024, 1, 1),
    )
    manager = world.user("team_manager")
    assert assessment_list_reviews_due(user=manager, team_id=world.team_x.pk).count() == 1
    assert assessment_list_reviews_due(user=manager, team_id=world.team_y.pk).count() == 0


def test_carer_asking_for_a_review_puts_it_on_the_worklist(world, answered):
    assessment = answered()
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    services.review_requested(assessment=done, note="Mum has moved in")
    task = Task.objects.get(kind="review_requested")
    assert task.team == world.team_x
    assert "Mum has moved in" in task.title


def test_nightly_task_is_scheduled_at_a_quarter_to_three_london_time():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from assessments.tasks import reviews_mark_overdue

    migration = importlib.import_module("assessments.migrations.0003_schedule_review_check")
    migration.schedule(apps, None)  # idempotent: a flush by a transactional test empties it
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert task.task == reviews_mark_overdue.name
    assert (task.crontab.hour, task.crontab.minute) == ("2", "45")
    assert str(task.crontab.timezone) == "Europe/London"
    assert reviews_mark_overdue() == 0  # runs the one service; nothing due in an empty DB


def test_a_band_cannot_end_below_where_it_starts():
    band = ResourceAllocationBand(name="Odd", min_score=10, max_score=5, amount=Decimal("1"))
    with pytest.raises(ValidationError):
        band.full_clean()
