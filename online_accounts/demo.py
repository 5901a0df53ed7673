"""Demo: the demo carer has named someone to read their plan and card (username
`representative`, the demo password). Safe to run again."""

import datetime

from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create
from online_accounts.models import ActingFor, ConsentSource
from triage.models import Carer


def seed(*, stdout=None) -> None:
    from carers_portal.demo.management.commands.seed_demo import demo_password

    carer = Carer.objects.filter(user__username="carer").first()
    worker = User.objects.filter(username="assessor").first()
    if carer is None or worker is None or User.objects.filter(username="representative").exists():
        return
    person = user_create(
        username="representative",
        password=demo_password(),
        role=Role.REPRESENTATIVE,
        first_name="Robin",
        last_name=carer.last_name,
        email="representative@example.org",
        teams=[],
    )
    ActingFor.objects.create(
        carer=carer,
        first_name=person.first_name,
        last_name=person.last_name,
        relationship="Sister",
        email=person.email,
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
        consent=ConsentSource.CARER_TO_WORKER,
        consent_note="Agreed on the phone at the demo county's review",
        user=person,
        created_by=worker,
    )
    if stdout is not None:
        stdout.write("Someone acting for the demo carer: representative")
