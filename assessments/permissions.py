"""Object permissions for assessments, matching assessments.selectors.

Views, the API and templates ask these (`user.has_perm(...)`, `{% has_perm %}`) instead of
comparing roles; tests/test_object_permissions.py checks them against the scoped querysets.
"""

import rules

from assessments.models import AssessmentStatus
from carers_portal.accounts.predicates import (
    carer_in_users_team,
    does_casework,
    in_users_team,
    is_carer,
    is_editor,
    is_own_carer_record,
    is_team_manager,
)
from triage.restrictions import not_restricted_from


@rules.predicate
def is_completed(user, assessment) -> bool:
    return assessment is not None and assessment.status == AssessmentStatus.COMPLETED


# A carer sees their own assessment once it is completed: until then it is a working record.
rules.add_perm(
    "assessments.view_assessment",
    (does_casework & carer_in_users_team & not_restricted_from)
    | (is_carer & is_own_carer_record & is_completed),
)
# The object is the carer to be assessed.
rules.add_perm("assessments.add_assessment", is_editor & in_users_team & not_restricted_from)
# Answering, completing and correcting; whether the assessment is still open is the
# service's business (NotEditable), not a matter of who the user is.
rules.add_perm(
    "assessments.change_assessment", is_editor & carer_in_users_team & not_restricted_from
)
# Approval stays with a manager of the team that made the assessment (scheme of delegation).
rules.add_perm(
    "assessments.approve_assessment",
    is_team_manager & in_users_team & carer_in_users_team & not_restricted_from,
)
