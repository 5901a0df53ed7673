"""Object permissions for the carers register and referrals, matching triage.selectors."""

import rules

from carers_portal.accounts.predicates import (
    does_casework,
    in_users_team,
    is_carer,
    is_own_carer_record,
)

rules.add_perm(
    "triage.view_carer", (does_casework & in_users_team) | (is_carer & is_own_carer_record)
)
# A carer reads their record here but changes it through staff: the register is the council's.
rules.add_perm("triage.change_carer", does_casework & in_users_team)
rules.add_perm("triage.view_referral", does_casework & in_users_team)
rules.add_perm("triage.change_referral", does_casework & in_users_team)
