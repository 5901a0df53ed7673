"""Object permissions for support plans, matching support_plans.selectors.

Views, the API, templates and the assessment page's "Create support plan" link ask these
instead of comparing roles; tests/test_object_permissions.py checks them against the scoped
querysets.
"""

import rules

from assessments.models import AssessmentStatus, EligibilityOutcome
from carers_portal.accounts.predicates import (
    carer_in_users_team,
    does_casework,
    is_carer,
    is_editor,
    is_own_carer_record,
)
from online_accounts.predicates import acts_for_the_records_carer, is_acting_for_someone
from support_plans.selectors import CARER_VISIBLE_STATUSES
from triage.restrictions import not_restricted_from


@rules.predicate
def is_agreed_with_the_carer(user, plan) -> bool:
    return plan is not None and plan.status in CARER_VISIBLE_STATUSES


@rules.predicate
def is_ready_for_a_plan(user, assessment) -> bool:
    """Care Act 2014 s24: a plan follows a completed assessment that found eligible needs."""
    return (
        assessment is not None
        and assessment.status == AssessmentStatus.COMPLETED
        and assessment.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    )


rules.add_perm(
    "support_plans.view_supportplan",
    (does_casework & carer_in_users_team & not_restricted_from)
    | (is_carer & is_own_carer_record & is_agreed_with_the_carer)
    | (is_acting_for_someone & acts_for_the_records_carer & is_agreed_with_the_carer),
)
# The object is the assessment the plan is made from.
rules.add_perm(
    "support_plans.add_supportplan",
    is_editor & carer_in_users_team & is_ready_for_a_plan & not_restricted_from,
)
rules.add_perm(
    "support_plans.change_supportplan", is_editor & carer_in_users_team & not_restricted_from
)
