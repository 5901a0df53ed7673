"""django-rules predicates for people acting for a carer, for the apps whose records they
may read (support plans, emergency cards) to compose into their permissions."""

import rules

from carers_portal.accounts.roles import Role
from online_accounts.selectors import acts_for_carer


@rules.predicate
def is_acting_for_someone(user) -> bool:
    return user.is_active and user.role == Role.REPRESENTATIVE


@rules.predicate
def acts_for_the_records_carer(user, record) -> bool:
    carer_id = getattr(record, "carer_id", None)
    return carer_id is not None and acts_for_carer(user, carer_id)
