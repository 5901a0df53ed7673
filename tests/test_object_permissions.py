"""The django-rules object permissions and the scoped querysets must agree, record by record."""

import pytest

from tests.factories import CarerFactory, UserFactory
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
