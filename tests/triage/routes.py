import datetime

from carers_portal.accounts.roles import Role
from tests.routes import CASEWORK, EVERYONE, Route
from tests.triage.factories import ReferralFactory
from triage.case_notes import case_note_add
from triage.services import change_request_create, task_create

CARER = frozenset({Role.CARER.value})


def routes(world) -> list[Route]:
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    triaged = ReferralFactory(
        team=world.team_x,
        carer=world.carer_a,
        triage_caring_hours="20_49",
        health_impact="some",
        breakdown_risk="low",
        carer_hospital_admission=False,
        urgency="routine",
        proposed_priority="standard",
        proposed_pathway="carers_assessment",
    )
    carer = world.carer_a.pk
    unlinked = ReferralFactory(team=world.team_x, last_name=world.carer_a.last_name)
    # A carer's own request: nothing else in the matrix closes it.
    task = task_create(
        kind="review_requested",
        title="Ann Ashby asked for a review",
        team=world.team_x,
        carer=world.carer_a,
    )
    note = case_note_add(
        carer=world.carer_a,
        author=world.user("triage_worker"),
        kind="phone_call",
        occurred_on=datetime.date(2026, 1, 5),
        text="Rang to check in",
    )
    # A carer's own change, waiting on the tray.
    change = change_request_create(
        carer=world.carer_a,
        subject="contact_details",
        after={"phone": "07700 900111"},
        requested_by=world.user("carer"),
    )
    return [
        # Public referral pages: anyone, signed in or not. Without answers in the session
        # the later pages send the visitor back to the start.
        Route("triage:referral-start", EVERYONE),
        Route("triage:referral-step", EVERYONE, kwargs={"step": "who"}),
        Route("triage:referral-check", EVERYONE, ok_status=302),
        Route("triage:referral-complete", EVERYONE, ok_status=302),
        Route("triage:queue", CASEWORK),
        Route("triage:queue", CASEWORK, query="overdue=on&status=awaiting_triage&q=smith"),
        Route("triage:caseload", CASEWORK),
        Route("triage:tray", CASEWORK),
        Route("triage:search", CASEWORK),
        Route("triage:search", CASEWORK, query="q=Ashby+12%2F04%2F1965"),
        Route("triage:tray", CASEWORK, query="show=unassigned&kind=triage_referral&overdue=on"),
        Route("triage:task-assign", CASEWORK, kwargs={"pk": task.pk}),
        Route("triage:task-change", CASEWORK, kwargs={"pk": change.task_id}),
        # The carer's own contact details, a question a page.
        Route("my_details:overview", CARER),
        Route("my_details:question", CARER, kwargs={"slug": "phone"}),
        Route("my_details:question", CARER, kwargs={"slug": "contact-method"}),
        Route("my_details:check", CARER),
        Route("triage:referral-create", CASEWORK),
        Route("triage:referral-detail", CASEWORK, kwargs={"reference": referral.reference}),
        Route("triage:referral-triage", CASEWORK, kwargs={"reference": referral.reference}),
        Route("triage:referral-decision", CASEWORK, kwargs={"reference": triaged.reference}),
        Route("triage:referral-assign", CASEWORK, kwargs={"reference": referral.reference}),
        Route(
            "triage:referral-compare",
            CASEWORK,
            kwargs={"reference": unlinked.reference, "carer_pk": carer},
        ),
        Route("triage:referral-close", CASEWORK, kwargs={"reference": referral.reference}),
        Route("triage:carer-list", CASEWORK),
        Route("triage:carer-detail", CASEWORK, kwargs={"pk": carer}),
        Route("triage:carer-edit", CASEWORK, kwargs={"pk": carer}),
        Route("triage:cared-for-add", CASEWORK, kwargs={"pk": carer}),
        Route("triage:case-note-add", CASEWORK, kwargs={"pk": carer}),
        Route("triage:case-note-add", CASEWORK, kwargs={"pk": carer}, query=f"amends={note.pk}"),
        *api_routes(world, referral),
    ]


def api_routes(world, referral) -> list[Route]:
    return [
        Route("api:carer-list", CASEWORK, api=True),
        Route("api:carer-detail", CASEWORK, kwargs={"pk": world.carer_a.pk}, api=True),
        Route("api:referral-list", CASEWORK, api=True),
        Route("api:referral-detail", CASEWORK, kwargs={"reference": referral.reference}, api=True),
    ]
