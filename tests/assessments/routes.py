from decimal import Decimal

from assessments import services
from carers_portal.accounts.roles import Role
from tests.assessments.factories import ELIGIBLE_ANSWERS, EVERY_SECTION_DONE
from tests.routes import CASEWORK, Route

EDITORS = frozenset({Role.ASSESSOR.value, Role.TEAM_MANAGER.value})
MANAGERS = frozenset({Role.TEAM_MANAGER.value})


def _answered(world, **extra):
    assessment = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    return services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={**ELIGIBLE_ANSWERS, **EVERY_SECTION_DONE, **extra},
    )


def routes(world) -> list[Route]:
    in_progress = services.assessment_start(
        carer=world.carer_a, kind="separate", assessor=world.user("assessor")
    )
    answered = _answered(world)
    ready = _answered(world)
    joint = services.assessment_start(
        carer=world.carer_a, kind="joint", assessor=world.user("assessor")
    )
    completed = services.assessment_complete(
        assessment=answered, version=answered.version, user=world.user("assessor")
    )
    big = _answered(world, agreed_budget=Decimal("400"), budget_override_reason="Exceptional")
    awaiting = services.assessment_complete(
        assessment=big, version=big.version, user=world.user("assessor")
    )
    carer = {"carer_id": world.carer_a.pk}
    return [
        Route("assessments:mine", EDITORS),
        Route("assessments:reviews-due", CASEWORK),
        Route("assessments:approvals", MANAGERS),
        Route("assessments:carer-assessments", CASEWORK, kwargs=carer),
        Route("assessments:start", EDITORS, kwargs=carer),
        Route("assessments:task-list", EDITORS, kwargs={"pk": in_progress.pk}),
        Route("assessments:section", EDITORS, kwargs={"pk": in_progress.pk, "slug": "wellbeing"}),
        Route("assessments:check", EDITORS, kwargs={"pk": ready.pk}),
        # Sections still to finish: back to the task list, saying which.
        Route("assessments:check", EDITORS, kwargs={"pk": in_progress.pk}, ok_status=302),
        Route("assessments:make-separate", EDITORS, kwargs={"pk": joint.pk}),
        Route("assessments:confirmation", EDITORS, kwargs={"pk": completed.pk}),
        Route("assessments:detail", CASEWORK, kwargs={"pk": completed.pk}),
        Route("assessments:amend", EDITORS, kwargs={"pk": completed.pk}),
        Route("assessments:approve", MANAGERS, kwargs={"pk": awaiting.pk}),
        Route("api:assessment-list", CASEWORK, api=True),
        Route("api:assessment-detail", CASEWORK, kwargs={"pk": completed.pk}, api=True),
    ]
