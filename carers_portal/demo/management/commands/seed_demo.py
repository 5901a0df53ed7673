"""Creates a realistic demo county. Safe to run again: it only adds what is missing."""

import importlib
import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from carers_portal.accounts import mfa
from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create

DEMO_TEAMS = [
    ("North Locality Carers Team", "Northbrook and the Moors"),
    ("South Locality Carers Team", "Southam Vale"),
    ("East Locality Carers Team", "Eastwick and the Coast"),
    ("Young Carers and Transitions Team", "Countywide"),
]

# (username, first name, last name, role, team indexes)
DEMO_STAFF = [
    ("triage", "Tia", "Ahmed", Role.TRIAGE_WORKER, [0, 1, 2, 3]),
    ("triage.north", "Nadia", "Price", Role.TRIAGE_WORKER, [0]),
    ("assessor", "Sam", "Okafor", Role.ASSESSOR, [0]),
    ("assessor.south", "Priya", "Lewis", Role.ASSESSOR, [1]),
    ("assessor.young", "Jo", "Fletcher", Role.ASSESSOR, [3]),
    ("manager", "Morgan", "Hughes", Role.TEAM_MANAGER, [0, 1]),
    ("manager.east", "Rhys", "Evans", Role.TEAM_MANAGER, [2, 3]),
    ("commissioner", "Claire", "Bennett", Role.COMMISSIONER, []),
    ("admin", "Alex", "Turner", Role.ADMINISTRATOR, []),
    ("responder", "Rob", "Mitchell", Role.RESPONDER, []),
]

# Each app may offer a `demo` module with `seed(*, stdout)`, run in dependency order.
APP_SEEDERS = [
    "triage.demo",
    "services_directory.demo",
    "assessments.demo",
    "support_plans.demo",
    "emergency_cards.demo",
    "online_accounts.demo",
    "reporting.demo",
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "carers-demo-2026")


class Command(BaseCommand):
    help = (
        "Create the demo county: teams, staff of every role, carers and the people they care for."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            teams = [
                Team.objects.get_or_create(
                    name=name,
                    # Ofcom's drama range (01632 960000-960999): never a real line.
                    defaults={"area": area, "phone": f"01632 960{index:03d}"},
                )[0]
                for index, (name, area) in enumerate(DEMO_TEAMS, start=100)
            ]
            for username, first, last, role, team_indexes in DEMO_STAFF:
                if User.objects.filter(username=username).exists():
                    continue
                user_create(
                    username=username,
                    password=demo_password(),
                    role=role,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@shireborough.example.gov.uk",
                    teams=[teams[i] for i in team_indexes],
                )
        for module_name in APP_SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self._enrol_demo_staff()
        self.stdout.write(self.style.SUCCESS("Demo county is ready."))

    def _enrol_demo_staff(self) -> None:
        """Every demo member of staff shares one authenticator key, printed here and nowhere
        else, so the demo is usable locally with one entry in an app."""
        usernames = [row[0] for row in DEMO_STAFF]
        devices = TOTPDevice.objects.filter(user__username__in=usernames, confirmed=True)
        key = devices.values_list("key", flat=True).first() or random_hex(20)
        with transaction.atomic():
            for user in User.objects.filter(username__in=usernames).exclude(
                totpdevice__confirmed=True
            ):
                TOTPDevice.objects.create(
                    user=user, name=mfa.TOTP_DEVICE_NAME, key=key, confirmed=True
                )
        device = TOTPDevice.objects.filter(user__username__in=usernames, key=key).first()
        self.stdout.write(
            "Demo staff sign in with the demo password, then a code from an authenticator app.\n"
            f"  Key for the app (time-based, local demo only): {mfa.totp_secret(device)}\n"
            f"  or add it from this address: {device.config_url}"
        )
