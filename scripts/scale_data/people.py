"""Scale data: carers, the people they care for, referrals and the tasks on trays."""

from scripts.scale_data.sql import (
    FIRST_NAMES,
    LETTERS,
    REFERENCE_ALPHABET,
    SURNAMES,
    County,
    h,
    insert,
    pick,
    reserve_ids,
    weighted,
)


def load_people(cursor, county: County) -> None:
    from triage.models import CaredForPerson, Carer, CaringRelationship, Referral

    county.first_carer = reserve_ids(cursor, Carer, county.carers)
    county.step(
        "carers",
        insert(
            cursor,
            Carer,
            {
                "id": f"{county.first_carer} + g - 1",
                "first_name": pick(FIRST_NAMES, 1),
                "last_name": pick(SURNAMES, 2, skew=True),
                "date_of_birth": f"{county.epoch} - (3000 + {h(3, 31000)})::int",
                "email": f"CASE WHEN {h(4, 3)} = 0 THEN 'carer' || g || '@example.com' ELSE '' END",
                "phone": "'07700 ' || lpad((g % 1000000)::text, 6, '0')",
                "address_line_1": "(1 + g % 200) || ' ' || "
                + pick(["High Street", "Mill Lane", "Church Road", "Station Road"], 5),
                "town": "'District ' || lpad((1 + (g - 1) % "
                + f"{county.team_count})::text, 2, '0')",
                "postcode": f"'SB' || (1 + (g - 1) % {county.team_count}) || ' ' || (g % 10) || "
                f"substr('{LETTERS}', (1 + {h(6, 20)})::int, 1) || "
                f"substr('{LETTERS}', (1 + {h(7, 20)})::int, 1)",
                "preferred_contact": pick(["phone", "phone", "email", "text", "post"], 8),
                "ethnicity": weighted(
                    [
                        ("'white'", 80),
                        ("'asian'", 9),
                        ("'black'", 4),
                        ("'mixed'", 3),
                        ("'other'", 2),
                        ("'not_stated'", 2),
                    ],
                    9,
                ),
                "employment_status": pick(
                    ["full_time", "part_time", "not_working", "retired", "student"], 10
                ),
                "caring_hours": weighted([("'1_19'", 45), ("'20_49'", 25), ("'50_plus'", 30)], 11),
                "consent_to_share": f"{h(12, 10)} < 8",
                "team_id": county.team_of("(g - 1)"),
                "created_at": f"({county.epoch} - {h(13, county.days)}::int)::timestamptz",
                "updated_at": "now()",
            },
            f"generate_series(1, {county.carers}) AS g",
        ),
    )
    extra = county.carers // 10
    county.first_cared_for = reserve_ids(cursor, CaredForPerson, county.carers + extra)
    county.step(
        "cared-for people",
        insert(
            cursor,
            CaredForPerson,
            {
                "id": f"{county.first_cared_for} + g - 1",
                "first_name": pick(FIRST_NAMES, 21),
                "last_name": pick(SURNAMES, 22, skew=True),
                "date_of_birth": f"{county.epoch} - (1000 + {h(23, 33000)})::int",
                "primary_support_reason": pick(
                    [
                        "physical",
                        "learning_disability",
                        "mental_health",
                        "frailty",
                        "sensory",
                        "dementia",
                        "substance_misuse",
                        "long_term_condition",
                        "other",
                    ],
                    24,
                ),
                "created_at": "now()",
            },
            f"generate_series(1, {county.carers + extra}) AS g",
        ),
    )
    county.step(
        "caring relationships",
        insert(
            cursor,
            CaringRelationship,
            {
                "carer_id": f"{county.first_carer} + CASE WHEN g <= {county.carers} THEN g - 1 "
                f"ELSE (g - {county.carers} - 1) * 10 END",
                "cared_for_id": f"{county.first_cared_for} + g - 1",
                "relationship": pick(
                    [
                        "spouse_partner",
                        "spouse_partner",
                        "parent",
                        "parent",
                        "child",
                        "sibling",
                        "grandparent",
                        "other_relative",
                        "friend_neighbour",
                    ],
                    25,
                ),
                "lives_with_carer": f"{h(26, 2)} = 0",
                "started_on": f"{county.epoch} - {h(27, county.days * 2)}::int",
            },
            f"generate_series(1, {county.carers + extra}) AS g",
        ),
    )
    # One referral per carer: 10% awaiting triage, 10% triaged, 10% assigned, 4% with the
    # assessment started, 8% at its outcome, 58% closed. Open referrals are the recent ones;
    # closed ones reach back five years.
    status = weighted(
        [
            ("'awaiting_triage'", 10),
            ("'triaged'", 10),
            ("'assigned'", 10),
            ("'assessment_started'", 4),
            ("'eligible'", 4),
            ("'not_eligible'", 2),
            ("'assessment_declined'", 2),
            ("'closed'", 58),
        ],
        31,
    )
    reference = "'CSS-' || " + " || ".join(
        f"substr('{REFERENCE_ALPHABET}', (1 + ((g::bigint * 7877) % 244140625 / "
        f"{25**k}) % 25)::int, 1)"
        for k in range(6)
    )
    county.step(
        "referrals",
        insert(
            cursor,
            Referral,
            {
                "reference": reference,
                "carer_id": f"CASE WHEN s.status = 'awaiting_triage' THEN NULL ELSE {county.first_carer} + g - 1 END",
                "first_name": "c.first_name",
                "last_name": "c.last_name",
                "date_of_birth": "c.date_of_birth",
                "postcode": "c.postcode",
                "phone": "c.phone",
                "preferred_contact": "c.preferred_contact",
                "caring_hours": "c.caring_hours",
                "cared_for_first_name": pick(FIRST_NAMES, 32),
                "cared_for_last_name": "c.last_name",
                "cared_for_relationship": pick(["spouse_partner", "parent", "child"], 33),
                "cared_for_support_reason": pick(["dementia", "frailty", "physical"], 34),
                "reason": "'Struggling to keep caring and would like a break'",
                "consent": "true",
                "urgent_at_intake": f"{h(35, 20)} = 0",
                "source": weighted(
                    [
                        ("'self'", 35),
                        ("'gp_practice'", 20),
                        ("'hospital_discharge'", 15),
                        ("'adult_social_care'", 15),
                        ("'voluntary_sector'", 10),
                        ("'other'", 5),
                    ],
                    36,
                ),
                "referrer_name": "''",
                "status": "s.status",
                "priority": "CASE WHEN s.status = 'awaiting_triage' THEN NULL ELSE "
                + weighted([("'urgent'", 10), ("'high'", 25), ("'standard'", 65)], 37)
                + " END",
                "pathway": "CASE WHEN s.status = 'awaiting_triage' THEN NULL ELSE "
                + weighted(
                    [
                        ("'carers_assessment'", 60),
                        ("'information_advice'", 20),
                        ("'signposting'", 12),
                        ("'emergency'", 8),
                    ],
                    38,
                )
                + " END",
                "team_id": "c.team_id",
                "assigned_to_id": f"CASE WHEN s.status = 'assigned' THEN "
                f"{county.assessor_of('(g - 1)')} END",
                "triaged_by_id": f"CASE WHEN s.status <> 'awaiting_triage' THEN "
                f"{county.worker_of('(g - 1)')} END",
                "received_at": "s.received_at",
                # The queue's order (triage/services/queue.py): priority, then the running
                # clock, which stops once the assessment has started.
                "queue_rank": "CASE WHEN s.status = 'awaiting_triage' THEN 2 ELSE "
                + weighted([("0", 10), ("1", 25), ("2", 65)], 37)
                + " END",
                "clock_due_on": "CASE WHEN s.status IN ('awaiting_triage', 'triaged', 'assigned') "
                "THEN (s.received_at + interval '14 days')::date END",
                "assessment_started_at": "CASE WHEN s.status IN ('assessment_started', 'eligible', "
                "'not_eligible', 'assessment_declined') THEN s.received_at + interval '7 days' END",
                "triaged_at": "CASE WHEN s.status <> 'awaiting_triage' THEN "
                "s.received_at + interval '2 days' END",
                "closed_at": "CASE WHEN s.status = 'closed' THEN "
                "s.received_at + interval '30 days' END",
                "closed_reason": "CASE WHEN s.status = 'closed' THEN "
                + pick(
                    [
                        "information_advice",
                        "signposted",
                        "declined",
                        "no_longer_needed",
                        "duplicate",
                    ],
                    39,
                )
                + " ELSE '' END",
                "updated_at": "now()",
            },
            f"""generate_series(1, {county.carers}) AS g
            JOIN triage_carer c ON c.id = {county.first_carer} + g - 1
            CROSS JOIN LATERAL (SELECT {status} AS status) s0
            CROSS JOIN LATERAL (SELECT s0.status,
                CASE WHEN s0.status = 'closed'
                     THEN ({county.epoch} - (40 + {h(40, county.days - 40)})::int)::timestamptz
                     ELSE ({county.epoch})::timestamptz - ({h(41, 120 * 24 * 60)}
                          * interval '1 minute') END AS received_at) s""",
        ),
    )


def load_tasks(cursor, county: County) -> None:
    from triage.models import Task

    # Open referrals are on a tray: triage for new ones, start an assessment once assigned.
    county.step(
        "tasks",
        insert(
            cursor,
            Task,
            {
                "kind": "CASE WHEN r.status = 'assigned' THEN 'start_assessment' "
                "ELSE 'triage_referral' END",
                "title": "CASE WHEN r.status = 'assigned' THEN 'Start a carer''s assessment' "
                "ELSE 'Triage referral ' || r.reference END",
                "carer_id": "r.carer_id",
                "referral_id": "r.id",
                "team_id": "r.team_id",
                "assigned_to_id": "r.assigned_to_id",
                "due_on": "(r.received_at + interval '28 days')::date",
                "status": "CASE WHEN r.status IN ('closed', 'triaged') THEN 'done' ELSE 'open' END",
                "created_at": "r.received_at",
                "completed_at": "CASE WHEN r.status IN ('closed', 'triaged') THEN r.triaged_at END",
            },
            "triage_referral r WHERE r.status <> 'closed' OR r.id % 4 = 0",
        ),
    )
