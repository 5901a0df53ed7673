import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from freezegun import freeze_time

from carers_portal.accounts.models import AccessEvent
from carers_portal.versioning import EditConflict
from emergency_cards import rules, selectors, services
from emergency_cards.models import (
    EmergencyCard,
    EmergencyPlan,
    PlanStatus,
    ReviewStatus,
    WhatHappened,
)
from emergency_cards.tasks import mark_plans_due_for_review_task
from tests.emergency_cards.factories import contact, plan_for, two_contacts
from tests.factories import CarerFactory, CaringRelationshipFactory, UserFactory
from triage.models import Task, TaskKind

pytestmark = pytest.mark.django_db


def lookup_request(user):
    request = RequestFactory().post("/emergency-cards/lookup/")
    request.user = user
    return request


def lookup(user, number, reason="Ambulance crew called: carer collapsed"):
    return services.card_lookup(request=lookup_request(user), card_number=number, reason=reason)


def test_registering_issues_a_valid_card_and_sets_the_review_a_year_on(world):
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    card = plan.current_card
    assert rules.card_number_check(card.card_number).ok
    today = timezone.localdate()
    assert (plan.issued_on, plan.review_due) == (today, rules.review_due_on(today))
    assert [c.name for c in plan.contacts.all()] == ["Dee Davies", "Eli Evans"]
    assert all(c.consent_recorded_on == today for c in plan.contacts.all())


@pytest.mark.parametrize(
    "contacts, message",
    [
        ([contact()], "Add at least 2 emergency contacts"),
        ([contact("A"), contact("B"), contact("C"), contact("D")], "Add no more than 3"),
        ([contact(), contact("Bo", consents_to_share=False)], "Bo has not agreed to have"),
        ([contact(), contact("Bo", consents_to_contact=False)], "Bo has not agreed to be"),
    ],
)
def test_an_active_plan_needs_two_or_three_consenting_contacts(world, contacts, message):
    with pytest.raises(ValidationError) as error:
        plan_for(world.carer_a, contacts=contacts)
    assert message in str(error.value)
    assert not EmergencyPlan.objects.exists()  # nothing half-saved


def test_a_plan_can_only_be_for_someone_the_carer_cares_for(world):
    other = CaringRelationshipFactory(carer=world.carer_b)
    with pytest.raises(ValidationError):
        plan_for(world.carer_a, cared_for_link=other)


def test_responder_lookup_shows_the_plan_and_records_who_and_why(world):
    plan = plan_for(world.carer_a)
    responder = world.user("responder")
    number = plan.current_card.card_number
    found = lookup(responder, rules.format_card_number(number))
    assert found == plan
    event = AccessEvent.objects.get(action=AccessEvent.Action.LOOKUP)
    assert (event.user, event.carer_id) == (responder, world.carer_a.pk)
    assert "Ambulance crew called" in event.reason
    assert list(selectors.plan_list_visible_to(responder)) == [plan]


def test_a_reason_is_required_for_a_lookup(world):
    plan = plan_for(world.carer_a)
    with pytest.raises(ValidationError):
        lookup(world.user("responder"), plan.current_card.card_number, reason="  ")


def test_a_responder_sees_no_plan_they_have_not_looked_up(world):
    plan_for(world.carer_a)
    assert not selectors.plan_list_visible_to(world.user("responder")).exists()


def test_a_wrong_check_digit_is_refused_specifically(world):
    plan = plan_for(world.carer_a)
    number = plan.current_card.card_number
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(services.LookupRefused) as error:
        lookup(world.user("responder"), wrong)
    assert error.value.kind == "invalid"
    assert error.value.message == "Check the card number: it is not a valid card number"


def test_unknown_number_is_refused(world):
    with pytest.raises(services.LookupRefused) as error:
        lookup(world.user("responder"), "123456789015")
    assert error.value.kind == "unknown"


@pytest.mark.parametrize("action", ["close", "suspend"])
def test_closed_or_suspended_cards_cannot_be_looked_up(world, action):
    plan = plan_for(world.carer_a)
    if action == "close":
        services.plan_close(plan=plan, version=plan.version, reason="care_home")
    else:
        services.plan_suspend(plan=plan, version=plan.version, notes="Long hospital stay")
    with pytest.raises(services.LookupRefused) as error:
        lookup(world.user("responder"), plan.current_card.card_number)
    assert error.value.kind == "not_in_use"
    assert "not in use" in error.value.message
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.LOOKUP).exists()


def test_a_reissued_card_replaces_the_old_number(world):
    plan = plan_for(world.carer_a)
    old = plan.current_card.card_number
    new = services.card_reissue(plan=plan, version=plan.version, reason="Lost")
    assert new.card_number != old
    with pytest.raises(services.LookupRefused) as error:
        lookup(world.user("responder"), old)
    assert "replaced" in error.value.message
    assert lookup(world.user("responder"), new.card_number) == plan
    assert EmergencyCard.objects.filter(plan=plan, status="active").count() == 1


def test_closing_needs_a_listed_reason(world):
    plan = plan_for(world.carer_a)
    with pytest.raises(ValidationError):
        services.plan_close(plan=plan, version=plan.version, reason="bored")
    plan = services.plan_close(plan=plan, version=plan.version, reason="cared_for_died")
    assert (plan.status, plan.status_reason) == (PlanStatus.CLOSED, "cared_for_died")


def test_ten_failed_lookups_in_fifteen_minutes_throttle_the_user(world):
    plan = plan_for(world.carer_a)
    responder = world.user("responder")
    with freeze_time(timezone.now()) as clock:
        for _ in range(rules.LOOKUP_FAILURE_LIMIT):
            with pytest.raises(services.LookupRefused):
                lookup(responder, "123456789015")
        with pytest.raises(services.LookupRefused) as error:
            lookup(responder, plan.current_card.card_number)  # even a good number
        assert error.value.kind == "throttled"
        # Old failures stop counting after the window.
        clock.tick(rules.LOOKUP_FAILURE_WINDOW + datetime.timedelta(seconds=1))
        assert lookup(responder, plan.current_card.card_number) == plan


@pytest.mark.django_db(transaction=True)
def test_parallel_lookups_cannot_race_past_the_limit(world):
    """25 guesses at once: exactly the limit are answered, the rest are throttled."""
    from concurrent.futures import ThreadPoolExecutor

    responder = world.user("responder")

    def guess(_):
        try:
            lookup(responder, "123456789015")
        except services.LookupRefused as refused:
            return refused.kind
        finally:
            from django.db import connection

            connection.close()

    with ThreadPoolExecutor(max_workers=25) as pool:
        kinds = list(pool.map(guess, range(25)))
    assert kinds.count("throttled") == 25 - rules.LOOKUP_FAILURE_LIMIT


def test_lookups_are_limited_per_address_across_accounts(world):
    plan = plan_for(world.carer_a)
    first = world.user("responder")
    second = UserFactory(username="responder-2", role="responder")
    for _ in range(rules.LOOKUP_FAILURE_LIMIT):
        with pytest.raises(services.LookupRefused):
            lookup(first, "123456789015")
    # Same machine, another account: still refused; another machine is not.
    with pytest.raises(services.LookupRefused) as error:
        lookup(second, plan.current_card.card_number)
    assert error.value.kind == "throttled"
    elsewhere = lookup_request(second)
    elsewhere.META["REMOTE_ADDR"] = "198.51.100.7"
    assert (
        services.card_lookup(
            request=elsewhere, card_number=plan.current_card.card_number, reason="x"
        )
        == plan
    )


def test_editing_with_a_stale_version_changes_nothing(world):
    plan = plan_for(world.carer_a)
    services.plan_update(
        plan=plan, version=plan.version, contacts=two_contacts(), needs="First change"
    )
    with pytest.raises(EditConflict):
        services.plan_update(plan=plan, version=1, contacts=two_contacts(), needs="Second change")
    plan.refresh_from_db()
    assert (plan.needs, plan.version) == ("First change", 2)


def test_editing_without_key_access_keeps_it(world):
    plan = plan_for(world.carer_a, key_access="Key safe behind the gate, code 1234")
    services.plan_update(plan=plan, version=plan.version, contacts=two_contacts(), needs="New")
    plan.refresh_from_db()
    assert plan.key_access == "Key safe behind the gate, code 1234"


def activation(plan, user, **overrides):
    values = {
        "occurred_at": timezone.now() - datetime.timedelta(hours=1),
        "caller_name": "PC Smith",
        "caller_type": "emergency_services",
        "what_happened": WhatHappened.HOSPITAL_ADMISSION,
        "outcome": "Daughter came round within the hour",
        "attempts": [],
    }
    values.update(overrides)
    return services.activation_record(plan=plan, recorded_by=user, **values)


def test_replacement_care_beyond_the_free_hours_is_flagged(world, settings):
    settings.EMERGENCY_FREE_REPLACEMENT_HOURS = 48
    plan = plan_for(world.carer_a)
    user = world.user("responder")
    within = activation(
        plan, user, replacement_care_arranged=True, replacement_care_hours=Decimal("48")
    )
    beyond = activation(
        plan, user, replacement_care_arranged=True, replacement_care_hours=Decimal("60")
    )
    assert (within.needs_practitioner_review, beyond.needs_practitioner_review) == (False, True)
    settings.EMERGENCY_FREE_REPLACEMENT_HOURS = 72
    assert not activation(
        plan, user, replacement_care_arranged=True, replacement_care_hours=Decimal("60")
    ).needs_practitioner_review


def test_contacts_tried_are_kept_in_order(world):
    plan = plan_for(world.carer_a)
    first, second = plan.contacts.all()
    recorded = activation(
        plan,
        world.user("responder"),
        attempts=[
            services.AttemptInput(first.pk, first.name, "no_answer"),
            services.AttemptInput(second.pk, second.name, "agreed"),
        ],
    )
    assert [(a.order, a.contact_name, a.answer) for a in recorded.attempts.all()] == [
        (1, "Dee Davies", "no_answer"),
        (2, "Eli Evans", "agreed"),
    ]


def test_an_activation_cannot_be_in_the_future(world):
    plan = plan_for(world.carer_a)
    with pytest.raises(ValidationError):
        activation(
            plan, world.user("responder"), occurred_at=timezone.now() + datetime.timedelta(days=1)
        )


def test_activation_figures_are_counted_by_period(world):
    plan = plan_for(world.carer_a)
    user = world.user("responder")
    tz = timezone.get_current_timezone()
    at = lambda d: datetime.datetime.combine(d, datetime.time(10), tzinfo=tz)  # noqa: E731
    activation(
        plan,
        user,
        occurred_at=at(datetime.date(2026, 1, 10)),
        replacement_care_arranged=True,
        replacement_care_hours=Decimal("12.5"),
    )
    activation(
        plan,
        user,
        occurred_at=at(datetime.date(2026, 1, 20)),
        what_happened=WhatHappened.ILL_AT_HOME,
    )
    activation(
        plan,
        user,
        occurred_at=at(datetime.date(2026, 2, 3)),
        replacement_care_arranged=True,
        replacement_care_hours=Decimal("60"),
    )
    activation(plan, user, occurred_at=at(datetime.date(2026, 4, 1)))  # outside the period
    figures = selectors.activation_figures(
        date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 3, 31)
    )
    assert figures["count"] == 3
    assert figures["hospital_admissions"] == 2
    assert figures["replacement_care_hours"] == Decimal("72.5")
    assert figures["needing_review"] == 1
    assert figures["by_month"] == [
        {"month": datetime.date(2026, 1, 1), "count": 2, "hospital_admissions": 1, "replacement_care_hours": Decimal("12.5")},
        {"month": datetime.date(2026, 2, 1), "count": 1, "hospital_admissions": 1, "replacement_care_hours": Decimal("60")},
    ]  # fmt: skip


def test_activation_figures_are_two_queries_however_many_rows(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.activation_figures(
            date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 12, 31)
        )


def _age_plan(plan, *, confirmed_days_ago: int):
    confirmed = timezone.localdate() - datetime.timedelta(days=confirmed_days_ago)
    EmergencyPlan.objects.filter(pk=plan.pk).update(
        confirmed_on=confirmed, review_due=rules.review_due_on(confirmed)
    )


def test_nightly_review_marks_due_and_overdue_plans_and_flags_each_lapse_once(world):
    current = plan_for(world.carer_a)
    due = plan_for(CarerFactory(team=world.team_x))
    expired = plan_for(CarerFactory(team=world.team_x))
    _age_plan(due, confirmed_days_ago=350)
    _age_plan(expired, confirmed_days_ago=400)

    first = mark_plans_due_for_review_task()
    second = mark_plans_due_for_review_task()

    statuses = dict(EmergencyPlan.objects.values_list("pk", "review_status"))
    assert statuses == {
        current.pk: ReviewStatus.CURRENT,
        due.pk: ReviewStatus.DUE,
        expired.pk: ReviewStatus.EXPIRED,
    }
    assert (first["flagged"], second["flagged"]) == (1, 0)
    assert second == {"due": 0, "expired": 0, "current": 0, "flagged": 0}
    tasks = Task.objects.filter(kind=TaskKind.EMERGENCY_PLAN_REVIEW)
    assert [(t.carer_id, t.team_id) for t in tasks] == [(expired.carer_id, world.team_x.pk)]


def test_reconfirming_clears_the_review_and_the_flag(world):
    plan = plan_for(world.carer_a)
    _age_plan(plan, confirmed_days_ago=400)
    mark_plans_due_for_review_task()
    plan.refresh_from_db()
    plan = services.plan_confirm(plan=plan, version=plan.version)
    today = timezone.localdate()
    assert (plan.confirmed_on, plan.review_due) == (today, rules.review_due_on(today))
    assert (plan.review_status, plan.expiry_flagged_on) == (ReviewStatus.CURRENT, None)
    assert not selectors.plan_review_list_visible_to(world.user("assessor")).exists()


def test_the_nightly_job_is_scheduled_at_half_past_two_london_time(db):
    task = PeriodicTask.objects.get(task="emergency_cards.tasks.mark_plans_due_for_review_task")
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, str(crontab.timezone)) == ("30", "2", "Europe/London")
    assert task.enabled


def test_card_summary_for_the_carer_record(world):
    plan = plan_for(world.carer_a)
    activation(plan, world.user("responder"))
    summary = selectors.emergency_card_summary_for_carer(carer_id=world.carer_a.pk)
    assert summary["has_active_card"] is True
    assert summary["activation_count"] == 1
    assert summary["plans"][0]["card_number"] == plan.current_card.formatted_number
    empty = selectors.emergency_card_summary_for_carer(carer_id=world.carer_b.pk)
    assert (empty["plans"], empty["has_active_card"]) == ([], False)


def test_an_activation_puts_a_follow_up_in_the_carers_team_tray(world):
    from triage.models import TaskKind
    from triage.selectors import task_tray

    plan = plan_for(world.carer_a)
    made = activation(
        plan,
        world.user("responder"),
        replacement_care_arranged=True,
        replacement_care_provider="Night sitters",
        replacement_care_hours=Decimal("60"),
    )
    tray = list(task_tray(user=world.user("assessor")))
    follow_up = [t for t in tray if t.kind == TaskKind.EMERGENCY_FOLLOW_UP]
    assert len(follow_up) == 1
    assert follow_up[0].carer == world.carer_a
    assert "carer admitted to hospital" in follow_up[0].title
    assert "60 hours of replacement care" in follow_up[0].title
    from triage.rules import add_working_days

    # Due a working day after the day of the call, which was an hour ago: the day before, in
    # the hour after midnight.
    assert follow_up[0].due_on == add_working_days(timezone.localdate(made.occurred_at), 1)
