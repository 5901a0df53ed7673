import datetime

import factory
from factory.django import DjangoModelFactory

from assessments.models import OUTCOME_FIELDS, Assessment, AssessmentKind, AssessmentStatus
from carers_portal.accounts.roles import Role
from tests.factories import CarerFactory, UserFactory

ELIGIBLE_ANSWERS = {
    "able_to_care": "yes",
    "likely_to_remain_able": "unsure",
    "willing_to_care": "yes",
    "likely_to_remain_willing": "yes",
    "needs_arise_from_caring": True,
    "impact_on_wellbeing": "Exhausted; no time for friends.",
    "outcomes_wanted": "A regular break and to keep working.",
    "support_would_help": "yes",
    **{name: "achievable" for name, _label in OUTCOME_FIELDS},
    "outcome_recreation": "needs_help",
    "health_deteriorating": True,
    "significant_impact": True,
    "significant_impact_notes": "Sleep is broken most nights.",
}

# What an assessor who pressed "Save and continue" on every section has recorded: the task
# list then offers "Check answers".
EVERY_SECTION_DONE = {
    "sections_completed": [
        "about",
        "caring-role",
        "wellbeing",
        "outcomes",
        "impact",
        "eligibility",
        "support",
    ]
}


class AssessmentFactory(DjangoModelFactory):
    """An in-progress separate assessment with no answers yet (use services to progress it)."""

    class Meta:
        model = Assessment

    carer = factory.SubFactory(CarerFactory)
    kind = AssessmentKind.SEPARATE
    status = AssessmentStatus.IN_PROGRESS
    started_on = factory.LazyFunction(datetime.date.today)
    team = factory.LazyAttribute(lambda a: a.carer.team)
    assessor = factory.SubFactory(UserFactory, role=Role.ASSESSOR)
