"""Client Level Data (CLD) rules: pure, typed, no ORM. Each table says where it comes from.

Source: ../shared/reference/cld-carers.md (section 2 fields and code values, section 3 mapping,
section 4 LTS003 and ASCOF 3D, section 5 validation). Source keys in brackets are that note's
(N = NHS England repo, D = DHSC repo, S = LA fork, G = CLD guidance). [U] marks what no source
read confirms: those values are kept here, in one place, so they can be corrected.
"""

import datetime
import re
from dataclasses import dataclass

from reporting.rules import Period

# --- Releases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    key: str
    name: str
    # The release applies to files whose period ends on or after this date.
    applies_to_periods_ending_from: datetime.date


# R1 from 1 April 2023 (G). R2 (spec May 2025): DHSC maps R1 data forward for submissions from
# October 2025 (D2, D3), i.e. from the file ending 30 September 2025 [U: exact go-live date].
RELEASES: list[Release] = [
    Release("R1", "Release 1", datetime.date(2023, 4, 1)),
    Release("R2", "Release 2", datetime.date(2025, 9, 30)),
]


def release_for(period: Period) -> Release:
    """The release in force for a file ending on the period's last day."""
    in_force = [r for r in RELEASES if r.applies_to_periods_ending_from <= period.end]
    if not in_force:
        raise ValueError("CLD began on 1 April 2023: there is no release for an earlier period")
    return max(in_force, key=lambda r: r.applies_to_periods_ending_from)


# --- Quarters: the file covers a rolling 12 months to the quarter end (D2) --------------------

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_quarter(value: str) -> Period:
    """'2026-Q2' -> the second quarter of financial year 2026 to 2027 (1 July to 30 September
    2026). Raises ValueError for anything else."""
    match = _QUARTER.match(value.strip())
    if not match:
        raise ValueError("Enter a quarter in the format YYYY-Qn, like 2026-Q2")
    year, quarter = int(match[1]), int(match[2])
    first_month = 4 + 3 * (quarter - 1)
    start = datetime.date(year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    end_month = first_month + 2
    after = datetime.date(year + end_month // 12, end_month % 12 + 1, 1)
    return Period(start, after - datetime.timedelta(days=1))


def quarter_label(quarter: Period) -> str:
    fy = quarter.start.year if quarter.start.month >= 4 else quarter.start.year - 1
    number = ((quarter.start.month - 4) % 12) // 3 + 1
    return f"{fy}-Q{number}"


def rolling_year(quarter: Period) -> Period:
    """The 12 months ending at the quarter end."""
    end = quarter.end
    start = datetime.date(end.year - 1, end.month, 1) + datetime.timedelta(days=32)
    return Period(start.replace(day=1), end)


def last_ended_quarter(today: datetime.date) -> Period:
    """The most recent quarter that ended before today."""
    fy = today.year if today.month >= 4 else today.year - 1
    number = ((today.month - 4) % 12) // 3 + 1
    current = parse_quarter(f"{fy}-Q{number}")
    day_before = current.start - datetime.timedelta(days=1)
    fy = day_before.year if day_before.month >= 4 else day_before.year - 1
    return parse_quarter(f"{fy}-Q{((day_before.month - 4) % 12) // 3 + 1}")


# --- Fields (section 2), in the order of the S1 spec list; names exactly as the spec ----------

COLUMNS: list[str] = [
    "LA Code",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "NHS Number",
    "LA Person Unique Identifier",
    "First Name",
    "Last Name",
    "GP Practice Code",
    "GP Practice Name",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Postcode",
    "Accommodation Status",
    "Employment Status",
    "Has Unpaid Carer",
    "Total Hrs Caring per week",
    "No. of adults being cared for",
    "Adult 1 Linked Person_ID",
    "Adult 2 Linked Person_ID",
    "Adult 3 Linked Person_ID",
    "Event Type",
    "Event Reference",
    "Event Start Date",
    "Event End Date",
    "Event Description",
    "Event Outcome",
    "Request: Route of Access",
    "Assessment Type",
    "Eligible Needs Identified",
    "Method of Assessment",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
    "Provider CQC Location ID",
    "Provider CQC Location Name",
    "Review Reason",
    "Review Outcomes Achieved",
    "Method of Review",
    "Unit Cost",
    "Cost Frequency (Unit Type)",
    "Planned units per week",
]

# --- Code values: (field, this system's code) -> {release: spec value} ------------------------
# Exact spellings from section 2's code lists. Values marked [U] are not in any source read.

CODES: dict[tuple[str, str], dict[str, str]] = {
    ("Client Type", "carer"): {"R1": "Carer", "R2": "Unpaid carer"},
    ("Client Type", "carer_kba"): {
        "R1": "Carer known by association",
        "R2": "Unpaid carer known by association",
    },
    ("Primary Support Reason", "carer"): {
        "R1": "Social Support: Support to Carer",
        "R2": "Social support: Support to unpaid carer",
    },
    # Not recorded by this system: "Unknown" is a value of the list (N3 appendix).
    ("Accommodation Status", "unknown"): {"R1": "Unknown", "R2": "Unknown"},
    ("Event Type", "request"): {"R1": "Request", "R2": "Request"},
    ("Event Type", "assessment"): {"R1": "Assessment", "R2": "Assessment"},
    ("Event Type", "service"): {"R1": "Service", "R2": "Service"},
    ("Event Type", "review"): {"R1": "Review", "R2": "Review"},
    ("Service Type", "direct_to_carer"): {
        "R1": "Carer Support: Direct to Carer",
        "R2": "Unpaid carer support: Direct to unpaid carer",
    },
    ("Service Type", "involving_cared_for"): {
        "R1": "Carer Support: Support involving the person cared-for",
        "R2": "Unpaid carer support: Support involving the person cared-for",
    },
    ("Delivery Mechanism", "direct_payment"): {"R1": "Direct Payment", "R2": "Direct payment"},
    ("Delivery Mechanism", "managed_personal_budget"): {
        "R1": "CASSR Managed Personal Budget",
        "R2": "CASSR managed personal budget",
    },
    ("Delivery Mechanism", "commissioned"): {
        "R1": "CASSR Commissioned Support",
        "R2": "CASSR commissioned support",
    },
    ("Service Component", "direct_payment"): {"R1": "Direct Payment", "R2": "Direct payment"},
    ("Service Component", "carer_respite"): {
        "R1": "Carer Respite",
        "R2": "Carer respite",
    },  # R2 [U]
    # [U]: the full carer component list is not in the sources read.
    ("Service Component", "carer_support"): {
        "R1": "Carer Support: Other",
        "R2": "Unpaid carer support: Other",
    },
    ("Event Outcome", "progress_to_assessment"): {
        "R1": "Progress to Assessment",
        "R2": "Progress to assessment, review or reassessment",
    },
    ("Event Outcome", "progress_to_support_planning"): {
        "R1": "Progress to Support Planning / Services",
        "R2": "Progress to support planning or services",
    },
    ("Event Outcome", "information_advice"): {
        "R1": "NFA - Information & Advice / Signposting only",
        "R2": "NFA: Information and advice or signposting",
    },
    ("Event Outcome", "support_declined"): {
        "R1": "NFA - Support declined",
        "R2": "NFA: Support declined",
    },
    ("Event Outcome", "no_services_offered"): {
        "R1": "NFA - No services offered: Other reason",
        "R2": "NFA: No services offered for other reason",
    },
    ("Event Outcome", "continuation"): {
        "R1": "No change in package",
        "R2": "Continuation of support or services",
    },
    ("Event Outcome", "provision_of_service"): {
        "R1": "Provision of service",
        "R2": "Continuation of support or services",  # [inferred]: R2 has no "provision"
    },
    ("Event Outcome", "service_ended"): {
        "R1": "Service Ended as Planned",
        "R2": "NFA: Support ended as planned",
    },
    ("Event Outcome", "nfa_other"): {"R1": "NFA- Other", "R2": "NFA: Other"},
    ("Assessment Type", "long_term"): {
        "R1": "Long Term Assessment",
        "R2": "Long term assessment",
    },
    ("Assessment Type", "short_term"): {
        "R1": "Short Term Assessment",
        "R2": "Short term assessment",
    },
    ("Review Reason", "planned"): {"R1": "Planned", "R2": "Planned"},  # R2 [U]
    ("Review Reason", "unplanned_carer"): {
        "R1": "Unplanned - Carer related",
        "R2": "Unplanned - Carer related",  # R2 [U]
    },
    ("Method of Review", "carer_only"): {"R1": "Carer only", "R2": "Carer only"},  # R2 [U]
    ("Method of Review", "service_user_and_carer"): {
        "R1": "Service user and carer",
        "R2": "Service user and carer",  # R2 [U]
    },
    # Route of access: the defined list is [U]; these are SALT STS001's routes.
    ("Request: Route of Access", "hospital_discharge"): {
        "R1": "Discharge from Hospital",
        "R2": "Discharge from hospital",
    },
    **{
        ("Request: Route of Access", source): {
            "R1": "Community / Other route",
            "R2": "Community or other route",
        }
        for source in ("self", "gp_practice", "adult_social_care", "voluntary_sector", "other")
    },
    # Cost frequency: values start week/fortnight/4-week/month/quarter/annual or one-off (D3)
    # [U: exact strings].
    ("Cost Frequency (Unit Type)", "weekly"): {"R1": "Weekly", "R2": "Weekly"},
    ("Cost Frequency (Unit Type)", "fortnightly"): {"R1": "Fortnightly", "R2": "Fortnightly"},
    ("Cost Frequency (Unit Type)", "monthly"): {"R1": "Monthly", "R2": "Monthly"},
    ("Cost Frequency (Unit Type)", "annual"): {"R1": "Annual", "R2": "Annual"},
    ("Cost Frequency (Unit Type)", "one_off"): {"R1": "One-off", "R2": "One-off"},
    # Ethnicity: only the high-level group is recorded; the CLD wants the detailed category,
    # so these are the "any other" values of each group [U: R1 spelling of each].
    ("Ethnicity", "white"): {
        "R1": "White: Any other White background",
        "R2": "White: Any other White background",
    },
    ("Ethnicity", "mixed"): {
        "R1": "Mixed: Any other mixed background",
        "R2": "Mixed or multiple ethnic groups: Any other mixed or multiple ethnic background",
    },
    ("Ethnicity", "asian"): {
        "R1": "Asian or Asian British: Any other Asian background",
        "R2": "Asian or Asian British: Any other Asian background",
    },
    ("Ethnicity", "black"): {
        "R1": "Black or Black British: Any other Black background",
        "R2": "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
    },
    ("Ethnicity", "other"): {
        "R1": "Other Ethnic Groups: Any other ethnic group",
        "R2": "Other ethnic group: Any other ethnic group",
    },
    ("Ethnicity", "not_stated"): {"R1": "Not Stated", "R2": "Not stated"},
}

# Fields with a defined list: a value must be one of the release's values exactly (rule 2).
CODED_FIELDS = sorted({field for field, _code in CODES})


def spec_value(field: str, code: str, release: str) -> str:
    """The spec value for this system's code, or "" when the code has none."""
    return CODES.get((field, code), {}).get(release, "")


def allowed_values(field: str, release: str) -> set[str]:
    return {values[release] for (f, _code), values in CODES.items() if f == field}


# --- LTS003 and ASCOF 3D support categories (section 4) ----------------------------------------

# Deduplication order: each carer is counted once, at their lowest rank. [V] N1
LTS003_CATEGORIES: list[tuple[int, str, str]] = [
    (1, "direct_payment", "Direct Payment only"),
    (2, "managed_personal_budget", "CASSR Managed Personal Budget"),
    (3, "commissioned", "CASSR Commissioned Support only"),
    (4, "unknown_mechanism", "Support Direct to Carer: Unknown Delivery Mech"),
    (5, "information_advice", "Information, Advice and Other Universal Services / Signposting"),
    (6, "no_direct_support", "No Direct Support Provided to Carer"),
]

# ASCOF 3D carer parts (D1): denominator ranks 1-3; 1b numerator 1-2; 2b numerator 1.
ASCOF_DENOMINATOR_RANKS = (1, 2, 3)
ASCOF_1B_RANKS = (1, 2)
ASCOF_2B_RANKS = (1,)
# Bands (D1): total, 18 to 64, 65 and above; under-18s are dropped, unknown age is total only.
ASCOF_BANDS: list[tuple[str, str, int, int | None]] = [
    ("18_64", "18 to 64", 18, 64),
    ("65_plus", "65 and above", 65, None),
]
ASCOF_MIN_AGE = 18


def reporting_age(date_of_birth: datetime.date | None, on: datetime.date) -> int | None:
    """Age as NHS England computes it (N1): the 1st of the birth month as a proxy date of birth,
    then whole years of 365.25 days to the period end."""
    if date_of_birth is None:
        return None
    proxy = date_of_birth.replace(day=1)
    return int((on - proxy).days // 365.25)


# --- Validation (section 5) ---------------------------------------------------------------------

NHS_WEIGHTS = range(10, 1, -1)


def nhs_number_valid(value: str) -> bool:
    """10 digits passing Modulus 11 (section 5 rule 8 [inferred])."""
    if not re.fullmatch(r"\d{10}", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])
