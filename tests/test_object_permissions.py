"""The django-rules object permissions and the scoped querysets must agree, record by record."""

import pytest

from assessments.models import Assessment, AssessmentStatus
from assessments.selectors import assessment_list_awaiting_approval, assessment_list_visible_to
from support_plans.models import PlanStatus, SupportPlan
from support_plans.selectors import assessment_list_ready_for_plan, support_plan_list_visible_to
from tests.assessments.factories import AssessmentFactory
from tests.factories import CarerFactory, UserFactory
from tests.support_plans.factories import EligibleAssessmentFactory, SupportPlanFactory
from tests.triage.factories import ReferralFactory
from triage.models import Carer, Referral
from triage.selectors import carer_list_visible_to, referral_list_visible_to

pytestmark = pytest.mark.django_db


def every_user(world):
    return list(world.users.values())


def test_view_carer_permission_matches_the_carer_scope_for_every_user_and_record(world):
    CarerFactory(team=world.team_x)
    CarerFactory(team=world.team_y)
    carers = list(Carer.objects.select_related("team"))
    for user in every_user(world):
        visible = set(carer_list_visible_to(user).values_list("pk", flat=True))
        for carer in carers:
            assert user.has_perm("triage.view_carer", carer) == (carer.pk in visible), (
                user.username,
                carer,
            )


def test_only_casework_staff_of_the_team_may_change_a_carer(world):
    carer = world.carer_a
    allowed = {
        user.username for user in every_user(world) if user.has_perm("triage.change_carer", carer)
    }
    assert allowed == {"triage_worker-x", "assessor-x", "team_manager-x"}
    assert world.user("carer").has_perm("triage.view_carer", carer)
    assert not world.user("carer").has_perm("triage.change_carer", carer)


def test_view_referral_permission_matches_the_referral_scope(world):
    ReferralFactory(team=world.team_x)
    ReferralFactory(team=world.team_y)
    referrals = list(Referral.objects.all())
    for user in every_user(world):
        visible = set(referral_list_visible_to(user).values_list("pk", flat=True))
        for referral in referrals:
            assert user.has_perm("triage.view_referral", referral) == (referral.pk in visible)


def test_a_user_who_has_left_the_team_loses_the_permission(world):
    worker = UserFactory(username="leaver", role="assessor", teams=[world.team_x])
    assert worker.has_perm("triage.view_carer", world.carer_a)
    worker.is_active = False
    worker.save()
    assert not worker.has_perm("triage.view_carer", world.carer_a)


def _assessments(world) -> list[Assessment]:
    """Every state, in both teams, the carer user's own, and one made before its carer moved."""
    for carer in (world.carer_a, world.carer_b):
        AssessmentFactory(carer=carer)
        AssessmentFactory(carer=carer, status=AssessmentStatus.AWAITING_APPROVAL)
        EligibleAssessmentFactory(carer=carer)
        EligibleAssessmentFactory(carer=carer, eligibility_outcome="not_eligible")
    moved = CarerFactory(team=world.team_y)
    AssessmentFactory(carer=moved, team=world.team_x, status=AssessmentStatus.AWAITING_APPROVAL)
    EligibleAssessmentFactory(carer=moved, team=world.team_x)
    return list(Assessment.objects.select_related("carer"))


def _agrees(world, perm: str, records, scope) -> None:
    for user in every_user(world):
        in_scope = set(scope(user).values_list("pk", flat=True))
        for record in records:
            assert user.has_perm(perm, record) == (record.pk in in_scope), (
                perm,
                user.username,
                record.pk,
            )


def test_view_assessment_permission_matches_the_assessment_scope(world):
    _agrees(world, "assessments.view_assessment", _assessments(world), assessment_list_visible_to)


def test_approve_permission_matches_the_approvals_list(world):
    awaiting = [a for a in _assessments(world) if a.status == AssessmentStatus.AWAITING_APPROVAL]
    _agrees(
        world,
        "assessments.approve_assessment",
        awaiting,
        lambda user: assessment_list_awaiting_approval(user=user),
    )


def test_only_assessors_and_managers_of_the_carers_team_may_change_or_start_assessments(world):
    assessment = AssessmentFactory(carer=world.carer_a)
    changers = {
        u.username
        for u in every_user(world)
        if u.has_perm("assessments.change_assessment", assessment)
    }
    starters = {
        u.username
        for u in every_user(world)
        if u.has_perm("assessments.add_assessment", world.carer_a)
    }
    assert changers == starters == {"assessor-x", "team_manager-x"}
    assert world.user("triage_worker").has_perm("assessments.view_assessment", assessment)


def test_create_support_plan_permission_matches_the_assessments_ready_for_a_plan(world):
    _agrees(
        world,
        "support_plans.add_supportplan",
        _assessments(world),
        lambda user: assessment_list_ready_for_plan(user=user),
    )


def test_view_support_plan_permission_matches_the_plan_scope(world):
    for carer in (world.carer_a, world.carer_b):
        for status in PlanStatus.values:
            SupportPlanFactory(assessment__carer=carer, status=status)
    plans = list(SupportPlan.objects.select_related("carer"))
    _agrees(world, "support_plans.view_supportplan", plans, support_plan_list_visible_to)


def test_only_assessors_and_managers_of_the_carers_team_may_change_a_plan(world):
    plan = SupportPlanFactory(assessment__carer=world.carer_a, status=PlanStatus.ACTIVE)
    allowed = {
        u.username
        for u in every_user(world)
        if u.has_perm("support_plans.change_supportplan", plan)
    }
    assert allowed == {"assessor-x", "team_manager-x"}
    assert world.user("carer").has_perm("support_plans.view_supportplan", plan)


@pytest.fixture
def restricted_world(world):
    """A carer of team X restricted by the team manager, naming the assessor: team X's triage
    worker is not named. Records of every kind and state hang off the restricted carer."""
    from triage.restrictions import carer_restrict

    carer = CarerFactory(team=world.team_x, first_name="Rhian", last_name="Restricted")
    ReferralFactory(team=world.team_x, carer=carer)
    AssessmentFactory(carer=carer)
    AssessmentFactory(carer=carer, status=AssessmentStatus.AWAITING_APPROVAL)
    EligibleAssessmentFactory(carer=carer)
    for status in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
        SupportPlanFactory(assessment__carer=carer, status=status)
    carer_restrict(
        carer=carer,
        reason="relative_on_staff",
        details="",
        named_staff=[world.user("assessor")],
        by=world.user("team_manager"),
    )
    # A lifted restriction hides nothing.
    lifted = CarerFactory(team=world.team_x)
    from triage.restrictions import carer_restriction_lift

    carer_restriction_lift(
        restriction=carer_restrict(
            carer=lifted, reason="other", details="", named_staff=[], by=world.user("assessor")
        ),
        reason="No longer needed",
        by=world.user("assessor"),
    )
    return world, carer


@pytest.mark.parametrize(
    ("perm", "model", "scope"),
    [
        ("triage.view_carer", Carer, carer_list_visible_to),
        ("triage.change_carer", Carer, carer_list_visible_to),
        ("triage.view_referral", Referral, referral_list_visible_to),
        ("assessments.view_assessment", Assessment, assessment_list_visible_to),
        (
            "assessments.approve_assessment",
            Assessment,
            lambda user: assessment_list_awaiting_approval(user=user),
        ),
        (
            "support_plans.add_supportplan",
            Assessment,
            lambda user: assessment_list_ready_for_plan(user=user),
        ),
        ("support_plans.view_supportplan", SupportPlan, support_plan_list_visible_to),
    ],
)
def test_permissions_match_the_scopes_for_a_restricted_carer(restricted_world, perm, model, scope):
    world, carer = restricted_world
    records = list(model.objects.all())
    if perm == "triage.change_carer":
        # Changing is casework only; the carer's own record is in their scope to read.
        records = [r for r in records if r.user_id is None]
    if perm == "assessments.approve_assessment":
        records = [r for r in records if r.status == AssessmentStatus.AWAITING_APPROVAL]
    _agrees(world, perm, records, scope)


def test_a_restricted_carer_is_out_of_reach_for_staff_not_named(restricted_world):
    world, carer = restricted_world
    plan = SupportPlan.objects.filter(carer=carer).first()
    assessment = Assessment.objects.filter(carer=carer).first()
    worker, assessor = world.user("triage_worker"), world.user("assessor")
    assert not worker.has_perm("triage.view_carer", carer)
    assert not worker.has_perm("triage.change_carer", carer)
    assert not worker.has_perm("assessments.view_assessment", assessment)
    assert assessor.has_perm("triage.change_carer", carer)
    assert assessor.has_perm("assessments.change_assessment", assessment)
    assert assessor.has_perm("support_plans.change_supportplan", plan)
    assert assessor.has_perm("assessments.add_assessment", carer)
    assert world.user("team_manager").has_perm("assessments.add_assessment", carer)
    # An assessor of the team who is not named may neither start nor change anything.
    other = UserFactory(username="assessor-unnamed", role="assessor", teams=[world.team_x])
    assert not other.has_perm("assessments.add_assessment", carer)
    assert not other.has_perm("assessments.change_assessment", assessment)
    assert not other.has_perm("support_plans.change_supportplan", plan)
