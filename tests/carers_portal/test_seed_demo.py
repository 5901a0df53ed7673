import base64
import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import PORTAL_ROLES, Role
from triage.models import Carer, CaringRelationship

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_county_with_every_role_and_is_safe_to_run_again():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    # Demo staff can pass the second factor with the key printed (and only printed) here.
    secret = re.search(
        r"Key for the app \(time-based, local demo only\): ([A-Z2-7 ]+)", out.getvalue()
    )
    key = base64.b32decode(secret.group(1).replace(" ", ""))
    staff = User.objects.exclude(role__in=PORTAL_ROLES)
    for user in staff:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.bin_key == key
        assert device.verify_token(TOTP(device.bin_key).token())
    counts = (Team.objects.count(), User.objects.count(), Carer.objects.count())
    assert counts[0] == 4
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Carer.objects.count() >= 300
    assert CaringRelationship.objects.count() >= Carer.objects.count()
    carer_user = User.objects.get(username="carer")
    assert carer_user.carer_record is not None

    call_command("seed_demo")
    assert (Team.objects.count(), User.objects.count(), Carer.objects.count()) == counts


def test_demo_commitments_fit_the_seed_budget_this_year():
    from django.utils import timezone

    from reporting import rules as reporting_rules
    from reporting.selectors import budget_summary

    call_command("seed_demo")
    summary = budget_summary(
        financial_year=reporting_rules.financial_year_start(timezone.localdate())
    )
    over = {
        stream["key"]: (stream["committed"], stream["amount"])
        for stream in summary["streams"]
        if stream["committed"] > stream["amount"]
    }
    assert summary["streams"]
    assert over == {}
