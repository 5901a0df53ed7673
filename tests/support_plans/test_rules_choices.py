"""rules.py is pure, so it spells the models' choice values itself: these pin the two together."""

from support_plans import rules
from support_plans.models import ItemFrequency, PaymentFrequency, PlanStatus, ReferralStatus


def test_plan_statuses_are_the_models():
    statuses = {rules.DRAFT, rules.AGREED, rules.ACTIVE, rules.UNDER_REVIEW, rules.CLOSED}
    assert statuses == set(PlanStatus.values)
    for transition in rules.TRANSITIONS:
        assert {transition.source, transition.target} <= statuses
        assert set(transition.needs) <= set(rules.NEED_MESSAGES)


def test_every_frequency_has_a_yearly_count():
    assert set(rules.TIMES_A_YEAR) == set(ItemFrequency.values) | set(PaymentFrequency.values)


def test_every_referral_status_has_its_next_steps():
    assert set(rules.REFERRAL_TRANSITIONS) == set(ReferralStatus.values)
    for nexts in rules.REFERRAL_TRANSITIONS.values():
        assert set(nexts) <= set(ReferralStatus.values)
