from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRIAGE_WORKER = "triage_worker", _("Triage worker")
    ASSESSOR = "assessor", _("Assessor")
    TEAM_MANAGER = "team_manager", _("Team manager")
    COMMISSIONER = "commissioner", _("Commissioner")
    CARER = "carer", _("Carer")
    ADMINISTRATOR = "administrator", _("Administrator")
    RESPONDER = "responder", _("24-hour responder")
    # Someone a carer lets see their support plan and emergency card, read-only.
    REPRESENTATIVE = "representative", _("Someone acting for a carer")


# Staff who work with carers' records, scoped to their teams.
CASEWORK_ROLES = frozenset({Role.TRIAGE_WORKER, Role.ASSESSOR, Role.TEAM_MANAGER})
# People who sign in to see a carer's own records (their own, or as someone acting for them).
PORTAL_ROLES = frozenset({Role.CARER, Role.REPRESENTATIVE})
STAFF_ROLES = frozenset(set(Role) - PORTAL_ROLES)
# Staff who write assessments and support plans (and approve within their teams' limits).
EDITOR_ROLES = frozenset({Role.ASSESSOR, Role.TEAM_MANAGER})
# Staff who hold the carers budget, the directory's contracts and the returns.
COMMISSIONING_ROLES = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
# Who sees the commissioners' dashboard: commissioning plus team managers for their teams.
DASHBOARD_ROLES = COMMISSIONING_ROLES | {Role.TEAM_MANAGER}
# Who may read the API's OpenAPI description and docs: staff who work through the API.
API_SCHEMA_ROLES = CASEWORK_ROLES | COMMISSIONING_ROLES
