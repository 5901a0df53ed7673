import datetime

import pytest

from triage import rules
from triage.rules import (
    CARERS_ASSESSMENT,
    EMERGENCY,
    HIGH,
    INFORMATION_ADVICE,
    SIGNPOSTING,
    STANDARD,
    URGENT,
    ClockSettings,
    TriageAnswers,
)


def answers(**overrides) -> TriageAnswers:
    base = {
        "caring_hours": "20_49",
        "health_impact": "none",
        "breakdown_risk": "low",
        "carer_hospital_admission": False,
        "urgency": "routine",
    }
    return TriageAnswers(**{**base, **overrides})


@pytest.mark.parametrize(
    ("overrides", "priority", "pathway", "reason_fragment"),
    [
        ({"carer_hospital_admission": True}, URGENT, EMERGENCY, "hospital admission"),
        ({"breakdown_risk": "high"}, URGENT, EMERGENCY, "break down within days"),
        ({"urgency": "today"}, URGENT, EMERGENCY, "needed today"),
        ({"health_impact": "significant"}, HIGH, CARERS_ASSESSMENT, "reg. 3(2)(a)"),
        ({"breakdown_risk": "some"}, HIGH, CARERS_ASSESSMENT, "struggling"),
        ({"urgency": "this_week"}, HIGH, CARERS_ASSESSMENT, "this week"),
        ({"caring_hours": "50_plus"}, HIGH, CARERS_ASSESSMENT, "50 or more hours"),
        ({"health_impact": "some"}, STANDARD, CARERS_ASSESSMENT, "some effect"),
        ({"urgency": "information_only"}, STANDARD, INFORMATION_ADVICE, "s4"),
        ({"caring_hours": "1_19"}, STANDARD, SIGNPOSTING, "signpost"),
        ({}, STANDARD, CARERS_ASSESSMENT, "s10(1)"),
        # The most pressing rule wins, whatever else applies.
        (
            {"caring_hours": "1_19", "urgency": "information_only", "breakdown_risk": "high"},
            URGENT,
            EMERGENCY,
            "within days",
        ),
        ({"caring_hours": "50_plus", "health_impact": "some"}, HIGH, CARERS_ASSESSMENT, "50"),
    ],
)
def test_triage_proposal_table(overrides, priority, pathway, reason_fragment):
    proposal = rules.triage_proposal(answers(**overrides))
    assert (proposal.priority, proposal.pathway) == (priority, pathway)
    assert any(reason_fragment in reason for reason in proposal.reasons)


@pytest.mark.parametrize(
    "overrides",
    [{"health_impact": "some"}, {"breakdown_risk": "some"}, {"breakdown_risk": "high"}],
)
def test_light_caring_is_not_offered_as_signposting_when_something_points_to_a_need(overrides):
    proposal = rules.triage_proposal(answers(caring_hours="1_19", **overrides))
    assert proposal.pathway != SIGNPOSTING
    assert not any("signpost" in reason for reason in proposal.reasons)


def test_every_concern_raised_is_given_as_a_reason():
    proposal = rules.triage_proposal(
        answers(carer_hospital_admission=True, health_impact="significant")
    )
    assert len(proposal.reasons) == 2


MON = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (MON, MON, (), 0),
        (MON, MON + datetime.timedelta(days=1), (), 1),
        (MON + datetime.timedelta(days=4), MON + datetime.timedelta(days=7), (), 1),  # Fri->Mon
        (MON, MON + datetime.timedelta(days=7), (), 5),
        (MON, MON + datetime.timedelta(days=2), (MON + datetime.timedelta(days=1),), 1),
    ],
)
def test_working_days_between(start, end, holidays, expected):
    assert rules.working_days_between(start, end, holidays) == expected


@pytest.mark.parametrize("days", [0, 1, 2, 5, 10])
@pytest.mark.parametrize("offset", range(7))
def test_cutoff_agrees_with_counting_working_days(days, offset):
    today = MON + datetime.timedelta(days=offset)
    cutoff = rules.working_day_cutoff(today, days)
    for back in range(0, 30):
        received = today - datetime.timedelta(days=back)
        breached = rules.working_days_between(received, today) > days
        assert (received < cutoff) == breached, (today, received)


def test_add_working_days_skips_weekends_and_holidays():
    friday = MON + datetime.timedelta(days=4)
    assert rules.add_working_days(friday, 1) == MON + datetime.timedelta(days=7)
    assert rules.add_working_days(MON, 2, {MON + datetime.timedelta(days=1)}) == (
        MON + datetime.timedelta(days=3)
    )


CONFIG = ClockSettings()


@pytest.mark.parametrize(
    ("status", "received_days_ago", "urgent", "pathway", "priority", "started", "codes"),
    [
        ("awaiting_triage", 0, True, None, None, False, []),
        # Received Thursday, today Monday: Fri + Mon = 2 working days, still within target.
        ("awaiting_triage", 4, True, None, None, False, []),
        # Received Wednesday: Thu, Fri, Mon = 3 working days.
        ("awaiting_triage", 5, True, None, None, False, ["urgent_triage"]),
        ("awaiting_triage", 5, False, None, None, False, []),
        ("awaiting_triage", 8, False, None, None, False, ["triage"]),
        # Standard: 14 working days to start. Three weeks ago Monday is 15; the Tuesday 14.
        ("triaged", 21, False, "carers_assessment", "standard", False, ["assessment_start"]),
        ("triaged", 20, False, "carers_assessment", "standard", False, []),
        # Urgent: 2 working days (Wednesday -> Monday is 3); high: 4 (last Monday is 5).
        ("assigned", 5, False, "emergency", "urgent", False, ["assessment_start"]),
        ("assigned", 4, False, "emergency", "urgent", False, []),
        ("triaged", 7, False, "carers_assessment", "high", False, ["assessment_start"]),
        ("triaged", 6, False, "carers_assessment", "high", False, []),
        ("triaged", 40, False, "carers_assessment", "standard", True, []),
        ("triaged", 40, False, "signposting", "standard", False, []),
        ("closed", 40, True, "carers_assessment", "standard", False, []),
    ],
)
def test_referral_breaches_table(
    status, received_days_ago, urgent, pathway, priority, started, codes
):
    breaches = rules.referral_breaches(
        status=status,
        received_on=MON - datetime.timedelta(days=received_days_ago),
        urgent_at_intake=urgent,
        pathway=pathway,
        priority=priority,
        assessment_started=started,
        today=MON,
        config=CONFIG,
    )
    assert [b.code for b in breaches] == codes


@pytest.mark.parametrize(
    ("priority", "due_days_later"),
    # From Monday: urgent 2 working days (Wednesday), high 4 (Friday), standard 14 (3rd Friday).
    [("urgent", 2), ("high", 4), ("standard", 18), (None, 18)],
)
def test_assessment_start_due_by_priority(priority, due_days_later):
    due = rules.start_assessment_due(received_on=MON, priority=priority, config=CONFIG)
    assert due.on == MON + datetime.timedelta(days=due_days_later)
    assert "working days" in due.reason


def test_clock_targets_come_from_settings(settings):
    from triage.selectors import clock_settings

    settings.TRIAGE_ASSESSMENT_START_URGENT_WORKING_DAYS = 1
    settings.TRIAGE_REVIEW_REQUEST_WORKING_DAYS = 3
    config = clock_settings()
    assert rules.assessment_start_working_days("urgent", config) == 1
    assert rules.review_request_due(requested_on=MON, config=config).on == MON + datetime.timedelta(
        days=3
    )
