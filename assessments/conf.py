"""Assessment settings, each overridable in Django settings (or the environment through them)."""

from decimal import Decimal

from django.conf import settings

from assessments import rules


def approval_threshold() -> Decimal:
    """Agreed budgets above this need a team manager's approval."""
    return Decimal(str(getattr(settings, "ASSESSMENT_APPROVAL_THRESHOLD", 300)))


def light_review_weeks() -> int:
    """Statutory guidance: a light-touch review 6-8 weeks after the support plan starts."""
    return int(getattr(settings, "ASSESSMENT_LIGHT_REVIEW_WEEKS", rules.LIGHT_REVIEW_WEEKS))


def review_interval_months() -> int:
    """Care Act s27 guidance: review at least every 12 months."""
    return int(getattr(settings, "ASSESSMENT_REVIEW_INTERVAL_MONTHS", rules.REVIEW_INTERVAL_MONTHS))


def reviews_due_window_days() -> int:
    """How far ahead the "reviews due" list looks."""
    return int(getattr(settings, "ASSESSMENT_REVIEWS_DUE_WINDOW_DAYS", 28))
