"""Object permissions for the carers register and referrals, matching triage.selectors.

Casework staff's rules end in `not_restricted_from`, as the selectors end in
`exclude_restricted`: a restricted carer's records are out of reach for staff not named.
"""

import rules

from carers_portal.accounts.predicates import (
    does_casework,
    in_users_team,
    is_carer,
    is_own_carer_record,
)
from triage.restrictions import not_restricted_from

casework_in_team = does_casework & in_users_team & not_restricted_from

rules.add_perm("triage.view_carer", casework_in_team | (is_carer & is_own_carer_record))
# A carer reads their record here but changes it through staff: the register is the council's.
rules.add_perm("triage.change_carer", casework_in_team)
rules.add_perm("triage.view_referral", casework_in_team)
rules.add_perm("triage.change_referral", casework_in_team)
