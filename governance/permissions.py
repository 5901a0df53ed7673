"""Object permissions for challenges to a record, matching governance.selectors.

Casework staff of the carer's team log a challenge and read the carer's challenges; a team
manager of the carer's team decides it (the decision is the council's as data controller,
not the word of the worker whose record is questioned). A restricted carer's challenges are
for the named staff only, as everywhere else.
"""

import rules

from carers_portal.accounts.predicates import (
    carer_in_users_team,
    does_casework,
    in_users_team,
    is_team_manager,
)
from triage.restrictions import not_restricted_from

# The object is the carer.
rules.add_perm(
    "governance.add_recordchallenge", does_casework & in_users_team & not_restricted_from
)
rules.add_perm(
    "governance.view_recordchallenge",
    does_casework & carer_in_users_team & not_restricted_from,
)
rules.add_perm(
    "governance.change_recordchallenge",
    is_team_manager & carer_in_users_team & not_restricted_from,
)
