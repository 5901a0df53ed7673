"""Scale data: assessments of every kind over five years, support plans and emergency cards."""

from scripts.scale_data.sql import County, h, insert, pick, reserve_ids, weighted


def load_assessments(cursor, county: County) -> None:
    from assessments.models import Assessment

    county.first_assessment = reserve_ids(cursor, Assessment, county.carers * 5)
    assessments = county.carers * 5
    carer_of = f"({h(51, county.carers)})"
    kind = weighted([("'separate'", 45), ("'joint'", 15), ("'declined'", 10), ("'review'", 30)], 52)
    completed = f"({h(53, 100)} < 90 OR started < {county.epoch} - 60)"
    county.step(
        "assessments",
        insert(
            cursor,
            Assessment,
            {
                "id": f"{county.first_assessment} + g - 1",
                "carer_id": f"{county.first_carer} + cn",
                "referral_id": "NULL",
                "kind": "kind",
                "status": f"CASE WHEN {completed} THEN 'completed' WHEN {h(54, 3)} = 0 "
                "THEN 'awaiting_approval' ELSE 'in_progress' END",
                "started_on": "started",
                "completed_on": f"CASE WHEN {completed} THEN least({county.epoch}, started + "
                f"{h(55, 28)}::int) END",
                "team_id": county.team_of("cn"),
                "assessor_id": f"{county.assessor_of('cn')}",
                "is_young_carer": f"{h(56, 25)} = 0",
                "declined_on": "CASE WHEN kind = 'declined' THEN started END",
                "declined_reason": "CASE WHEN kind = 'declined' THEN 'Not at the moment' "
                "ELSE '' END",
                "review_type": "CASE WHEN kind = 'review' THEN "
                + pick(["planned", "planned", "unplanned"], 57)
                + " ELSE '' END",
                "rules_outcome": "outcome",
                "eligibility_outcome": "outcome",
                "received_specific_service": f"kind <> 'declined' AND {h(58, 100)} < 35",
                "received_information_advice": f"{h(59, 100)} < 45",
                "next_review_due": f"CASE WHEN {completed} AND kind <> 'declined' "
                "THEN started + 365 END",
                "review_overdue": f"{completed} AND kind <> 'declined' AND started + 365 < {county.epoch}",
                "created_at": "started::timestamptz",
                "updated_at": "started::timestamptz",
            },
            f"""generate_series(1, {assessments}) AS g
            CROSS JOIN LATERAL (SELECT {carer_of} AS cn,
                {county.epoch} - {h(60, county.days)}::int AS started, {kind} AS kind) AS x
            CROSS JOIN LATERAL (SELECT CASE WHEN x.kind = 'declined'
                THEN 'not_determined' ELSE """
            + weighted([("'eligible'", 60), ("'not_eligible'", 30), ("'not_determined'", 10)], 61)
            + " END AS outcome) AS o",
        ),
    )


def load_plans(cursor, county: County) -> None:
    from support_plans.models import PlanItem, SupportPlan
    from support_plans.rules import TIMES_A_YEAR

    # A support plan from one assessment in eight (eligible, completed ones).
    times = " ".join(f"WHEN '{f}' THEN {n}" for f, n in TIMES_A_YEAR.items())
    county.step(
        "support plans",
        insert(
            cursor,
            SupportPlan,
            {
                "carer_id": "a.carer_id",
                "assessment_id": "a.id",
                "team_id": "a.team_id",
                "status": "p.status",
                "needs_identified": "'Needs a regular break from caring'",
                "needs_to_be_met": "'A weekly sitting service'",
                "starts_on": "a.completed_on",
                "ends_on": "CASE WHEN p.status = 'closed' THEN a.completed_on + 365 END",
                "personal_budget": f"(200 + {h(71, 1800, 'a.id')})::numeric",
                "carer_agreed": "p.status <> 'draft'",
                "agreed_on": "CASE WHEN p.status <> 'draft' THEN a.completed_on END",
                "agreement_method": "CASE WHEN p.status <> 'draft' THEN 'in_person' ELSE '' END",
                "next_review_due": "a.completed_on + 365",
                "created_by_id": "a.assessor_id",
                "created_at": "a.completed_on::timestamptz",
                "updated_at": "a.completed_on::timestamptz",
            },
            """assessments_assessment a CROSS JOIN LATERAL (SELECT """
            + weighted(
                [
                    ("'draft'", 10),
                    ("'agreed'", 10),
                    ("'active'", 50),
                    ("'under_review'", 5),
                    ("'closed'", 25),
                ],
                72,
                "a.id",
            )
            + f""" AS status) p
            WHERE a.id >= {county.first_assessment} AND a.id % 8 = 0 AND a.status = 'completed'
            AND a.kind <> 'declined'""",
        ),
    )
    county.step(
        "plan items",
        insert(
            cursor,
            PlanItem,
            {
                "plan_id": "p.id",
                "service_id": "CASE WHEN i.mechanism = 'information_advice' THEN NULL ELSE "
                + pick(county.service_ids, 81, row="p.id * 2 + i.n")
                + "::uuid END",
                "description": "CASE WHEN i.mechanism = 'information_advice' "
                "THEN 'Information and advice' ELSE 'Sitting service' END",
                "frequency": "i.frequency",
                "cost": "i.cost",
                "annual_cost": f"i.cost * CASE i.frequency {times} END",
                "funding_stream": pick(
                    ["base_budget", "care_act", "transitional_fund", "think_carer_reserve"],
                    82,
                    row="p.id * 2 + i.n",
                ),
                "delivery_mechanism": "i.mechanism",
                "for_cared_for_person": "i.n = 2 AND p.id % 5 = 0",
                "starts_on": "p.starts_on",
                "ends_on": "p.ends_on",
                "created_at": "p.created_at",
            },
            f"""support_plans_supportplan p
            CROSS JOIN generate_series(1, 2) AS n
            CROSS JOIN LATERAL (SELECT n,
                {pick(["one_off", "weekly", "fortnightly", "monthly", "annual"], 83, row="p.id * 2 + n")}
                    AS frequency,
                (5 + {h(84, 60, "p.id * 2 + n")})::numeric AS cost,
                """
            + weighted(
                [
                    ("'commissioned'", 50),
                    ("'direct_payment'", 25),
                    ("'managed_personal_budget'", 10),
                    ("'information_advice'", 15),
                ],
                85,
                "p.id * 2 + n",
            )
            + " AS mechanism) AS i",
        ),
    )


def load_emergency_cards(cursor, county: County) -> None:
    from emergency_cards.models import EmergencyCard, EmergencyContact, EmergencyPlan

    cursor.execute(LUHN_FUNCTION)
    # An emergency plan and card for one carer in ten, with two contacts.
    county.step(
        "emergency plans",
        insert(
            cursor,
            EmergencyPlan,
            {
                "carer_id": f"{county.first_carer} + (g - 1) * 10",
                "cared_for_id": f"{county.first_cared_for} + (g - 1) * 10",
                "needs": "'Needs help with meals and medication'",
                "status": weighted([("'active'", 85), ("'suspended'", 5), ("'closed'", 10)], 91),
                "status_reason": "''",
                "issued_on": "d",
                "confirmed_on": "d",
                "review_due": "d + 365",
                "review_status": f"CASE WHEN d + 365 < {county.epoch} THEN 'expired' "
                f"WHEN d + 335 < {county.epoch} THEN 'due' ELSE 'current' END",
                "registered_by_id": f"{county.worker_of('((g - 1) * 10)')}",
                "created_at": "d::timestamptz",
                "updated_at": "d::timestamptz",
            },
            f"generate_series(1, {county.carers // 10}) AS g "
            f"CROSS JOIN LATERAL (SELECT {county.epoch} - {h(92, 500)}::int AS d) AS x",
        ),
    )
    county.step(
        "emergency cards",
        insert(
            cursor,
            EmergencyCard,
            {
                "plan_id": "e.id",
                "card_number": "pg_temp.luhn('6' || lpad(e.id::text, 10, '0'))",
                "status": "'active'",
                "issued_on": "e.issued_on",
                "created_at": "e.created_at",
            },
            "emergency_cards_emergencyplan e",
        ),
    )
    county.step(
        "emergency contacts",
        insert(
            cursor,
            EmergencyContact,
            {
                "plan_id": "e.id",
                "order": "n",
                "name": "CASE n WHEN 1 THEN 'Pat Neighbour' ELSE 'Robin Relative' END",
                "relationship": "CASE n WHEN 1 THEN 'Neighbour' ELSE 'Sister' END",
                "phone": "'07700 900' || lpad((e.id % 1000)::text, 3, '0')",
                "availability": "'any_time'",
                "consents_to_contact": "true",
                "consents_to_share": "true",
                "consent_recorded_on": "e.issued_on",
            },
            "emergency_cards_emergencyplan e CROSS JOIN generate_series(1, 2) AS n",
        ),
    )


# ISO/IEC 7812-1 Annex B (Luhn), as emergency_cards.rules.luhn_check_digit, in SQL.
LUHN_FUNCTION = """CREATE OR REPLACE FUNCTION pg_temp.luhn(payload text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT payload || ((10 - sum(
    CASE WHEN (length(payload) - i) % 2 = 0
         THEN (d * 2) - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END
         ELSE d END) % 10) % 10)::text
  FROM (SELECT i, substr(payload, i, 1)::int AS d
        FROM generate_series(1, length(payload)) AS i) AS digits $$"""
