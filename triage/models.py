import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triage.validators import validate_nhs_number, validate_postcode


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    POST = "post", _("Letter")


class Ethnicity(models.TextChoices):
    """ONS 2021 census high-level ethnic groups."""

    WHITE = "white", _("White")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    OTHER = "other", _("Other ethnic group")
    NOT_STATED = "not_stated", _("Prefer not to say")


class EmploymentStatus(models.TextChoices):
    FULL_TIME = "full_time", _("Working full-time")
    PART_TIME = "part_time", _("Working part-time")
    STUDENT = "student", _("In education or training")
    NOT_WORKING = "not_working", _("Not in paid work")
    RETIRED = "retired", _("Retired")


class CaringHoursBand(models.TextChoices):
    """Hours caring per week, in the bands used by the census and the carers survey."""

    UP_TO_19 = "1_19", _("1 to 19 hours a week")
    FROM_20_TO_49 = "20_49", _("20 to 49 hours a week")
    FIFTY_PLUS = "50_plus", _("50 or more hours a week")


class PrimarySupportReason(models.TextChoices):
    PHYSICAL_DISABILITY = "physical", _("Physical disability")
    LEARNING_DISABILITY = "learning_disability", _("Learning disability")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FRAILTY = "frailty", _("Frailty")
    SENSORY_IMPAIRMENT = "sensory", _("Sensory impairment")
    DEMENTIA = "dementia", _("Dementia")
    SUBSTANCE_MISUSE = "substance_misuse", _("Substance misuse")
    LONG_TERM_CONDITION = "long_term_condition", _("Long-term condition")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    SPOUSE_OR_PARTNER = "spouse_partner", _("Husband, wife or partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Son or daughter")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND_OR_NEIGHBOUR = "friend_neighbour", _("Friend or neighbour")


YOUNG_CARER_AGE = 18


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


@pghistory.track()
class Carer(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, validators=[validate_postcode])
    preferred_contact = models.CharField(
        _("preferred contact method"), max_length=10, choices=ContactMethod.choices
    )
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, choices=Ethnicity.choices, blank=True
    )
    employment_status = models.CharField(
        _("work or study"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    caring_hours = models.CharField(
        _("hours caring each week"), max_length=10, choices=CaringHoursBand.choices
    )
    consent_to_share = models.BooleanField(_("consents to share information"), default=False)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="carers", verbose_name=_("team")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carer_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save must name the version it read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        # Prefix-search indexes (UPPER(last_name) text_pattern_ops, postcode
        # varchar_pattern_ops) are created in migration 0004 with SQL.
        indexes = [
            models.Index(fields=["team", "last_name", "first_name", "id"]),
            models.Index(fields=["last_name", "date_of_birth"]),
            models.Index(fields=["postcode"]),
            models.Index(fields=["nhs_number"]),
            # Staff search by date of birth alone (triage/search.py).
            models.Index(fields=["date_of_birth"], name="carer_date_of_birth"),
            # Name search in name order (selectors.NAME_ORDER): a surname prefix is a
            # range of this index already in the order shown, so 25 results read about 25
            # entries however common the name. "C" makes LIKE 'SMITH%' a range scan.
            models.Index(
                Collate(Upper("last_name"), "C"),
                Collate(Upper("first_name"), "C"),
                "id",
                name="carer_name_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_young_carer(self) -> bool:
        return self.age() < YOUNG_CARER_AGE


@pghistory.track()
class CaredForPerson(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    primary_support_reason = models.CharField(
        _("primary support reason"), max_length=30, choices=PrimarySupportReason.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("cared-for person")
        verbose_name_plural = _("cared-for people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


@pghistory.track()
class CaringRelationship(models.Model):
    """A carer can care for several people, and several carers can care for one person."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="relationships")
    cared_for = models.ForeignKey(
        CaredForPerson, on_delete=models.PROTECT, related_name="relationships"
    )
    relationship = models.CharField(
        _("relationship to the carer"), max_length=20, choices=Relationship.choices
    )
    lives_with_carer = models.BooleanField(_("lives with the carer"), default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["carer", "cared_for"], name="unique_caring_relationship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for}"


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self-referral by the carer")
    GP_PRACTICE = "gp_practice", _("GP practice")
    HOSPITAL_DISCHARGE = "hospital_discharge", _("Hospital discharge team")
    ADULT_SOCIAL_CARE = "adult_social_care", _("Adult social care")
    VOLUNTARY_SECTOR = "voluntary_sector", _("Voluntary or community organisation")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    AWAITING_TRIAGE = "awaiting_triage", _("Awaiting triage")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    ASSESSMENT_STARTED = "assessment_started", _("Assessment started")
    # Where the assessment ended: the referral's outcome (set by the assessments app).
    ELIGIBLE = "eligible", _("Assessed: eligible for support")
    NOT_ELIGIBLE = "not_eligible", _("Assessed: not eligible")
    ASSESSMENT_DECLINED = "assessment_declined", _("Assessment declined")
    CLOSED = "closed", _("Closed")


# Still someone's work: shown in the queue. The rest have an outcome or were closed.
OPEN_REFERRAL_STATUSES = (
    ReferralStatus.AWAITING_TRIAGE,
    ReferralStatus.TRIAGED,
    ReferralStatus.ASSIGNED,
    ReferralStatus.ASSESSMENT_STARTED,
)


class CloseReason(models.TextChoices):
    INFORMATION_ADVICE = "information_advice", _("Information and advice given")
    SIGNPOSTED = "signposted", _("Signposted elsewhere")
    DECLINED = "declined", _("Carer declined support")
    DUPLICATE = "duplicate", _("Duplicate referral")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    STANDARD = "standard", _("Standard")


class Pathway(models.TextChoices):
    INFORMATION_ADVICE = "information_advice", _("Information and advice only")
    CARERS_ASSESSMENT = "carers_assessment", _("Carer's assessment")
    EMERGENCY = "emergency", _("Emergency support and contingency planning")
    SIGNPOSTING = "signposting", _("Signposting to other services")


class HealthImpact(models.TextChoices):
    NONE = "none", _("No noticeable effect")
    SOME = "some", _("Some effect on physical or mental health")
    SIGNIFICANT = "significant", _("A significant effect on physical or mental health")


class BreakdownRisk(models.TextChoices):
    LOW = "low", _("Caring is sustainable for now")
    SOME = "some", _("Some risk: the carer is struggling")
    HIGH = "high", _("High risk: caring may stop within days")


class Urgency(models.TextChoices):
    TODAY = "today", _("Help is needed today")
    THIS_WEEK = "this_week", _("Help is needed this week")
    ROUTINE = "routine", _("Help can wait a few weeks")
    INFORMATION_ONLY = "information_only", _("Only information or advice is wanted")


class GPPractice(models.Model):
    """A GP practice that can refer carers: the list an administrator keeps (name and the NHS
    ODS code), so referrals from practices can be counted per practice."""

    name = models.CharField(_("practice name"), max_length=200)
    ods_code = models.CharField(_("ODS code"), max_length=10, unique=True)
    is_active = models.BooleanField(_("on the list for new referrals"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("GP practice")

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


# The queue's order (triage/selectors.py QUEUE_KEYS): priority, then the clock with a stopped
# clock as the last date rather than NULL, then age. The open-work indexes follow it.
NO_CLOCK = datetime.date(9999, 12, 31)
_QUEUE_ORDER = (
    F("queue_rank"),
    Coalesce(F("clock_due_on"), Value(NO_CLOCK)),
    F("received_at"),
    F("id"),
)


@pghistory.track()
class Referral(models.Model):
    """A request for support arriving at the single point of entry.

    What was typed at intake is kept as typed: the carer record is linked (or created)
    only when a triage worker has checked for duplicates.
    """

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    carer = models.ForeignKey(
        Carer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("carer"),
    )
    # The referred carer, as typed at intake.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    postcode = models.CharField(_("postcode"), max_length=8, validators=[validate_postcode])
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    preferred_contact = models.CharField(
        _("preferred contact method"), max_length=10, choices=ContactMethod.choices
    )
    caring_hours = models.CharField(
        _("hours caring each week"), max_length=10, choices=CaringHoursBand.choices
    )
    # The person they care for, as typed at intake.
    cared_for_first_name = models.CharField(_("cared-for person's first name"), max_length=100)
    cared_for_last_name = models.CharField(_("cared-for person's last name"), max_length=100)
    cared_for_relationship = models.CharField(
        _("relationship to the carer"), max_length=20, choices=Relationship.choices
    )
    cared_for_support_reason = models.CharField(
        _("primary support reason"), max_length=30, choices=PrimarySupportReason.choices
    )
    reason = models.TextField(_("reason for referral"))
    consent = models.BooleanField(_("consents to the referral"), default=False)
    # Said at intake: someone may need help today. Starts the urgent triage clock.
    urgent_at_intake = models.BooleanField(_("urgent at intake"), default=False)

    source = models.CharField(_("referral source"), max_length=30, choices=ReferralSource.choices)
    referrer_name = models.CharField(_("referrer's name"), max_length=200, blank=True)
    referrer_organisation = models.CharField(
        _("referrer's organisation"), max_length=200, blank=True
    )
    referrer_contact = models.CharField(_("referrer's phone or email"), max_length=200, blank=True)
    gp_practice = models.ForeignKey(
        GPPractice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("GP practice that referred"),
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.AWAITING_TRIAGE,
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, blank=True, null=True
    )
    pathway = models.CharField(
        _("pathway"), max_length=30, choices=Pathway.choices, blank=True, null=True
    )
    proposed_priority = models.CharField(
        _("proposed priority"), max_length=10, choices=Priority.choices, blank=True, null=True
    )
    proposed_pathway = models.CharField(
        _("proposed pathway"), max_length=30, choices=Pathway.choices, blank=True, null=True
    )
    override_reason = models.TextField(_("reason for changing the proposal"), blank=True)

    # Triage conversation answers.
    triage_caring_hours = models.CharField(
        _("hours caring each week"), max_length=10, choices=CaringHoursBand.choices, blank=True
    )
    health_impact = models.CharField(
        _("effect of caring on health"), max_length=20, choices=HealthImpact.choices, blank=True
    )
    breakdown_risk = models.CharField(
        _("risk of caring breaking down"),
        max_length=20,
        choices=BreakdownRisk.choices,
        blank=True,
    )
    carer_hospital_admission = models.BooleanField(
        _("carer facing hospital admission"), null=True, blank=True
    )
    urgency = models.CharField(
        _("how soon help is needed"), max_length=20, choices=Urgency.choices, blank=True
    )
    triage_notes = models.TextField(_("triage notes"), blank=True)

    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("team"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_referrals",
        verbose_name=_("assigned worker"),
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="triaged_referrals",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Why the referral ended: the service's outcome record, and the detail when "Other".
    closed_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=CloseReason.choices, blank=True
    )
    closed_detail = models.TextField(_("details of the reason for closing"), blank=True)
    # Set by the assessments app (through triage.services) to stop the assessment-start clock.
    assessment_started_at = models.DateTimeField(null=True, blank=True)
    # The queue's order, kept by triage.services whenever priority or the clock changes:
    # 0 urgent, 1 high, 2 standard (provisional until triage: "help today" at intake is
    # urgent), then the day the running clock runs out (null when no clock is running).
    queue_rank = models.PositiveSmallIntegerField(default=2)
    clock_due_on = models.DateField(_("due"), null=True, blank=True)
    assignment_reason = models.TextField(_("reason for the assignment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["team", "status", "-received_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["last_name", "date_of_birth"]),
            models.Index(fields=["postcode"]),
            # Staff search by date of birth or NHS number (triage/search.py).
            models.Index(fields=["date_of_birth"], name="referral_date_of_birth"),
            models.Index(fields=["nhs_number"], name="referral_nhs_number"),
            # Covers the queue's order and scope, so deep pages are index-only scans.
            models.Index(
                fields=["received_at", "id"],
                include=["team", "status"],
                name="referral_queue_order",
            ),
            # Open work only (a county's referrals are mostly closed), in the queue's order:
            # priority, then time left on the clock (triage/selectors.py QUEUE_KEYS), so a
            # keyset page reads about 25 index entries at any depth and no closed rows.
            models.Index(
                *_QUEUE_ORDER,
                include=["team", "status", "priority", "source", "assigned_to"],
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_queue",
            ),
            models.Index(
                F("team"),
                *_QUEUE_ORDER,
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_team",
            ),
            models.Index(
                F("assigned_to"),
                *_QUEUE_ORDER,
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_caseload",
            ),
            # The queue's counts by status: each capped count reads its status's entries for
            # the user's teams from this index alone (carer_id for the restriction check).
            models.Index(
                fields=["status", "team"],
                include=["carer"],
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_status_team",
            ),
            # Staff search's referrals, in name order (selectors.NAME_ORDER).
            models.Index(
                Collate(Upper("last_name"), "C"),
                Collate(Upper("first_name"), "C"),
                "id",
                name="referral_name_order",
            ),
            # The queue searched by surname: its capped count reads this index alone.
            models.Index(
                Collate(Upper("last_name"), "C"),
                # last_name too: the LIKE is checked again on it, from the index alone.
                include=["team", "carer", "last_name"],
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_name_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.first_name} {self.last_name}"

    def clean(self) -> None:
        super().clean()
        if self.closed_reason == CloseReason.OTHER and not self.closed_detail.strip():
            raise ValidationError({"closed_detail": "Enter the reason for closing the referral"})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cared_for_full_name(self) -> str:
        return f"{self.cared_for_first_name} {self.cared_for_last_name}"


class PostcodeDistrictTeam(models.Model):
    """Which team a new referral goes to, by postcode district (the outward code, e.g. "LS6")."""

    district = models.CharField(_("postcode district"), max_length=4, unique=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="postcode_districts"
    )

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return f"{self.district} -> {self.team}"


class TaskKind(models.TextChoices):
    TRIAGE_REFERRAL = "triage_referral", _("Triage a referral")
    START_ASSESSMENT = "start_assessment", _("Start a carer's assessment")
    REVIEW_DUE = "review_due", _("Review due")
    REVIEW_REQUESTED = "review_requested", _("Carer asked for a review")
    EMERGENCY_PLAN_REVIEW = "emergency_plan_review", _("Review an emergency plan")
    EMERGENCY_PLAN = "emergency_plan", _("Make an emergency plan")
    EMERGENCY_FOLLOW_UP = "emergency_follow_up", _("Follow up an emergency card activation")
    CREATE_SUPPORT_PLAN = "create_support_plan", _("Write the support plan")
    PLAN_EXPIRING = "plan_expiring", _("Support plan review coming up")
    RECORD_CHALLENGE = "record_challenge", _("Decide a carer's challenge to their record")
    # A carer changed something on their own pages: check it and put it on the record.
    CONTACT_DETAILS_CHANGE = "contact_details_change", _("Carer changed their contact details")
    EMERGENCY_CONTACTS_CHANGE = (
        "emergency_contacts_change",
        _("Carer changed their emergency contacts"),
    )
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


@pghistory.track()
class Task(models.Model):
    """One item on a team's or a worker's worklist."""

    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("title"), max_length=200)
    carer = models.ForeignKey(
        Carer, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="tasks")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "created_at", "id"]
        indexes = [
            models.Index(fields=["team", "status", "due_on"]),
            models.Index(fields=["assigned_to", "status", "due_on"]),
            # The trays (a worker's and a team's) list open tasks in this order.
            models.Index(
                fields=["assigned_to", "due_on", "created_at", "id"],
                # "Mine" and "not assigned" counts read this index alone.
                include=["team", "carer"],
                condition=models.Q(status="open"),
                name="task_open_worker_tray",
            ),
            models.Index(
                fields=["team", "due_on", "created_at", "id"],
                condition=models.Q(status="open"),
                name="task_open_team_tray",
            ),
            # The tray of a worker in many teams: every open task in the tray's order, with
            # what its filters and the restriction check need, so a page reads ~25 entries.
            models.Index(
                fields=["due_on", "created_at", "id"],
                include=["team", "carer", "kind", "assigned_to"],
                condition=models.Q(status="open"),
                name="task_open_tray",
            ),
            # The tray's capped counts by kind: a kind with few open tasks is a short range
            # here rather than a walk of every open task (carer_id for the restriction check).
            models.Index(
                fields=["kind", "team"],
                include=["carer", "assigned_to"],
                condition=models.Q(status="open"),
                name="task_open_kind_team",
            ),
            # The tray's "not assigned" count: with only the indexes above, PostgreSQL took the
            # kind index and skipped 100,000 assigned entries to find 1,001 (10 ms a page).
            models.Index(
                fields=["team"],
                include=["carer"],
                condition=models.Q(status="open", assigned_to__isnull=True),
                name="task_open_unassigned",
            ),
        ]

    def __str__(self) -> str:
        return self.title


from triage.case_notes import CaseNote  # noqa: E402, F401 - the contact log's table
from triage.change_requests import ChangeRequest  # noqa: E402, F401 - carers' own changes

# Restrictions live in their own module; importing it registers the models with triage.
from triage.restrictions import CarerRestriction  # noqa: E402, F401
