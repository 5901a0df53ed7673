"""Every write to assessments goes through here (house style: keyword-only, atomic,
validated), by subject: answers.py (what may change, what the rules derive, what is missing),
lifecycle.py (start to completion, approval and corrections) and reviews.py (s27 reviews).
"""

from assessments.services.answers import (
    AMENDABLE_FIELDS,
    ANSWER_FIELDS,
    DERIVED_FIELDS,
    OUTCOME_NAMES,
    REVIEW_CARRIED_FIELDS,
    assessment_eligibility,
    completion_answers,
    completion_problems,
    not_editable_message,
)
from assessments.services.lifecycle import (
    assessment_amend,
    assessment_approve,
    assessment_complete,
    assessment_make_separate,
    assessment_return,
    assessment_start,
    assessment_update,
)
from assessments.services.reviews import (
    assessment_plan_started,
    review_requested,
    reviews_mark_overdue,
)

__all__ = [
    "AMENDABLE_FIELDS",
    "ANSWER_FIELDS",
    "DERIVED_FIELDS",
    "OUTCOME_NAMES",
    "REVIEW_CARRIED_FIELDS",
    "assessment_amend",
    "assessment_approve",
    "assessment_complete",
    "assessment_eligibility",
    "assessment_make_separate",
    "assessment_plan_started",
    "assessment_return",
    "assessment_start",
    "assessment_update",
    "completion_answers",
    "completion_problems",
    "not_editable_message",
    "review_requested",
    "reviews_mark_overdue",
]
