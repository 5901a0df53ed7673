import shutil
from dataclasses import dataclass

import pytest
from django.test import Client

from carers_portal.accounts.roles import Role
from tests.factories import CarerFactory, TeamFactory, UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium, never a downloaded browser build."""
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class World:
    """Two teams and one user of every role, with a carer in each team.

    Team X is the one the staff belong to; team Y is out of their scope.
    `carer_a` (team X) has a sign-in; `carer_b` (team Y) is another carer with one.
    """

    team_x: object
    team_y: object
    users: dict
    carer_a: object
    carer_b: object

    def user(self, role: str):
        return self.users[role]


@pytest.fixture
def world(db) -> World:
    team_x = TeamFactory(name="Team X")
    team_y = TeamFactory(name="Team Y")
    users = {}
    for role in Role:
        teams = [team_x] if role in (Role.TRIAGE_WORKER, Role.ASSESSOR, Role.TEAM_MANAGER) else []
        users[role.value] = UserFactory(username=f"{role.value}-x", role=role, teams=teams)
    users["carer_b"] = UserFactory(username="carer-b", role=Role.CARER)
    users["triage_worker_y"] = UserFactory(
        username="triage_worker-y", role=Role.TRIAGE_WORKER, teams=[team_y]
    )
    carer_a = CarerFactory(
        team=team_x, user=users[Role.CARER.value], first_name="Ann", last_name="Ashby"
    )
    carer_b = CarerFactory(team=team_y, user=users["carer_b"], first_name="Bea", last_name="Barnes")
    return World(team_x=team_x, team_y=team_y, users=users, carer_a=carer_a, carer_b=carer_b)


def verify_second_factor(client: Client, user) -> None:
    """Marks a signed-in test client's session as verified with the user's authenticator app,
    as django_otp.login does after a right code. The one place tests skip typing the code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def sign_in_client(client: Client, user) -> Client:
    client.force_login(user)
    verify_second_factor(client, user)
    return client


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            sign_in_client(client, user)
        return client

    return make
