"""Carer's assessments (Care Act 2014 s10-12), reviews (s27) and indicative budgets.

See ../shared/reference/domain-rules.md sections 2 and 4 for the rules encoded here.
"""

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments import rules


class AssessmentKind(models.TextChoices):
    SEPARATE = "separate", _("Separate carer's assessment")
    # Care Act 2014 s12(5): combined with the cared-for person's assessment if both agree.
    JOINT = "joint", _("Joint assessment with the cared-for person")
    # Care Act 2014 s11(5)-(7): a refusal is recorded and kept; the offer can be made again.
    DECLINED = "declined", _("Assessment declined by the carer")
    # Care Act 2014 s27: a review of an earlier assessment.
    REVIEW = "review", _("Review")


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    COMPLETED = "completed", _("Completed")


class EligibilityOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NOT_DETERMINED = "not_determined", _("Not determined")


class BudgetFrequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off payment")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class ReviewType(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNPLANNED = "unplanned", _("Unplanned")


class YesNoUnsure(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class OutcomeAchievement(models.TextChoices):
    """SI 2015/313 reg. 3(3): what "unable to achieve" an outcome means."""

    ACHIEVABLE = "achievable", _("Can achieve this outcome")
    NEEDS_HELP = "needs_help", _("Unable: cannot achieve it without help")
    SIGNIFICANT_DISTRESS = (
        "significant_distress",
        _("Unable: can achieve it, but it causes significant pain, distress or anxiety"),
    )
    ENDANGERS = (
        "endangers",
        _("Unable: can achieve it, but it endangers the health or safety of the carer or others"),
    )
    NOT_APPLICABLE = "not_applicable", _("Does not apply to this carer")


# SI 2015/313 reg. 3(2)(b)(i)-(viii): the eight carer outcomes, as (field name, label).
OUTCOME_FIELDS: list[tuple[str, str]] = [
    ("outcome_child_care", "Carrying out caring responsibilities for a child"),
    ("outcome_caring_for_others", "Providing care to other persons"),
    ("outcome_home", "Maintaining a habitable home environment"),
    ("outcome_nutrition", "Managing and maintaining nutrition"),
    ("outcome_relationships", "Developing and maintaining family or other personal relationships"),
    ("outcome_work_education", "Engaging in work, training, education or volunteering"),
    ("outcome_community", "Making use of necessary facilities or services in the community"),
    ("outcome_recreation", "Engaging in recreational activities"),
]


def _outcome_field(label: str) -> models.CharField:
    return models.CharField(
        label, max_length=25, choices=OutcomeAchievement.choices, blank=True, default=""
    )


@pghistory.track()
class Assessment(models.Model):
    edit_conflict_noun = "assessment"

    carer = models.ForeignKey("triage.Carer", on_delete=models.PROTECT, related_name="assessments")
    cared_for = models.ForeignKey(
        "triage.CaredForPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carer_assessments",
        verbose_name=_("cared-for person"),
    )
    referral = models.ForeignKey(
        "triage.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    kind = models.CharField(_("kind of assessment"), max_length=20, choices=AssessmentKind.choices)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    started_on = models.DateField(_("date started"))
    completed_on = models.DateField(_("date completed"), null=True, blank=True)
    # Copied from the carer at the start so reports count by the team that did the work.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments_assessed"
    )

    # Young carers (Children Act 1989 s17ZA) and transition assessments (Care Act s63-64).
    is_young_carer = models.BooleanField(_("young carer (under 18)"), default=False)
    is_transition = models.BooleanField(_("transition assessment"), default=False)

    # Joint: Care Act s12(5) needs both people's agreement.
    carer_agreed_to_joint = models.BooleanField(
        _("carer agreed to a joint assessment"), null=True, blank=True
    )
    cared_for_agreed_to_joint = models.BooleanField(
        _("cared-for person agreed to a joint assessment"), null=True, blank=True
    )

    # Declined: Care Act s11(5)-(7).
    declined_on = models.DateField(_("date declined"), null=True, blank=True)
    declined_reason = models.TextField(_("reason the carer gave"), blank=True)

    # Review: Care Act s27.
    review_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("assessment being reviewed"),
    )
    review_type = models.CharField(
        _("type of review"), max_length=10, choices=ReviewType.choices, blank=True
    )
    review_reason = models.TextField(_("reason for the review"), blank=True)

    # Care Act s10(5)(a)-(b): able and willing to care, now and in future.
    able_to_care = models.CharField(
        _("able to provide care"), max_length=10, choices=YesNoUnsure.choices, blank=True
    )
    likely_to_remain_able = models.CharField(
        _("likely to continue to be able"), max_length=10, choices=YesNoUnsure.choices, blank=True
    )
    willing_to_care = models.CharField(
        _("willing to provide care"), max_length=10, choices=YesNoUnsure.choices, blank=True
    )
    likely_to_remain_willing = models.CharField(
        _("likely to continue to be willing"),
        max_length=10,
        choices=YesNoUnsure.choices,
        blank=True,
    )
    # SI 2015/313 reg. 3(1)(a): the needs arise because the carer provides necessary care.
    needs_arise_from_caring = models.BooleanField(
        _("needs arise from providing necessary care"), null=True, blank=True
    )

    # Care Act s10(5)(c)-(e) and s10(6).
    impact_on_wellbeing = models.TextField(_("impact of caring on wellbeing"), blank=True)
    outcomes_wanted = models.TextField(_("outcomes the carer wants"), blank=True)
    support_would_help = models.CharField(
        _("support would help achieve those outcomes"),
        max_length=10,
        choices=YesNoUnsure.choices,
        blank=True,
    )

    # SI 2015/313 reg. 3(2)(b): the eight outcomes.
    outcome_child_care = _outcome_field(OUTCOME_FIELDS[0][1])
    outcome_caring_for_others = _outcome_field(OUTCOME_FIELDS[1][1])
    outcome_home = _outcome_field(OUTCOME_FIELDS[2][1])
    outcome_nutrition = _outcome_field(OUTCOME_FIELDS[3][1])
    outcome_relationships = _outcome_field(OUTCOME_FIELDS[4][1])
    outcome_work_education = _outcome_field(OUTCOME_FIELDS[5][1])
    outcome_community = _outcome_field(OUTCOME_FIELDS[6][1])
    outcome_recreation = _outcome_field(OUTCOME_FIELDS[7][1])
    outcomes_notes = models.TextField(_("notes on the outcomes"), blank=True)

    # SI 2015/313 reg. 3(2)(a) and reg. 3(1)(c).
    health_deteriorating = models.BooleanField(
        _("physical or mental health is, or is at risk of, deteriorating"), null=True, blank=True
    )
    significant_impact = models.BooleanField(
        _("significant impact on wellbeing"), null=True, blank=True
    )
    significant_impact_notes = models.TextField(_("why, in the assessor's judgement"), blank=True)

    # Eligibility: the rules' answer, and the recorded outcome (which differs only by override).
    rules_outcome = models.CharField(
        _("outcome under the rules"),
        max_length=20,
        choices=EligibilityOutcome.choices,
        default=EligibilityOutcome.NOT_DETERMINED,
    )
    eligibility_reasons = models.JSONField(default=list, blank=True)
    eligibility_outcome = models.CharField(
        _("eligibility outcome"),
        max_length=20,
        choices=EligibilityOutcome.choices,
        default=EligibilityOutcome.NOT_DETERMINED,
    )
    eligibility_override_reason = models.TextField(
        _("reason for the professional override"), blank=True
    )

    # Facts the indicators count (NI135, SALT LTS003, CLD): see domain-rules.md section 1.
    received_specific_service = models.BooleanField(
        _("received a specific carer's service"), default=False
    )
    received_information_advice = models.BooleanField(
        _("received information and advice"), default=False
    )

    # Indicative personal budget (domain-rules.md section 4).
    impact_score = models.PositiveIntegerField(_("impact score"), null=True, blank=True)
    indicative_band = models.CharField(_("allocation band"), max_length=50, blank=True)
    indicative_budget = models.DecimalField(
        _("indicative budget"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    agreed_budget = models.DecimalField(
        _("agreed budget"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    budget_frequency = models.CharField(
        _("how often it is paid"), max_length=10, choices=BudgetFrequency.choices, blank=True
    )
    budget_override_reason = models.TextField(
        _("reason the agreed budget differs from the indicative budget"), blank=True
    )

    # Authorisation above ASSESSMENT_APPROVAL_THRESHOLD.
    submitted_for_approval_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)

    # Review scheduling (Care Act s27).
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    review_overdue = models.BooleanField(default=False)
    review_task_created = models.BooleanField(default=False)

    # Task-list sections the assessor has finished ("Save and continue" with no gaps).
    sections_completed = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["carer", "-started_on"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["assessor", "status"]),
            models.Index(fields=["status", "completed_on"]),
            models.Index(fields=["next_review_due"]),
            # Reporting starts from the period's completed assessments: this narrow index holds
            # all that NI135, LTS003 and the returns read from them, so a year's events come
            # from the index without touching the (wide) rows.
            models.Index(
                fields=["completed_on"],
                include=[
                    "carer",
                    "team",
                    "kind",
                    "received_specific_service",
                    "received_information_advice",
                ],
                condition=models.Q(status="completed"),
                name="assessment_completed_events",
            ),
        ]
        # Care Act s11(5)-(7): a refusal, like every assessment, is kept for good.
        triggers = [pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="completed", completed_on__isnull=False)
                | ~models.Q(status="completed"),
                name="assessment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.carer} ({self.started_on:%d %b %Y})"

    @property
    def is_completed(self) -> bool:
        return self.status == AssessmentStatus.COMPLETED

    @property
    def is_eligibility_override(self) -> bool:
        """Only a recorded outcome that differs from the rules' outcome is an override."""
        return bool(self.eligibility_override_reason) and (
            self.eligibility_outcome != self.rules_outcome
        )

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.IN_PROGRESS

    @property
    def is_refusal(self) -> bool:
        return self.kind == AssessmentKind.DECLINED

    @property
    def budget_as_agreed(self) -> rules.AgreedBudget:
        """The agreed personal budget: leaving the amount empty agrees the indicative one."""
        return rules.budget_agreed(agreed=self.agreed_budget, indicative=self.indicative_budget)

    def outcome_answers(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _label in OUTCOME_FIELDS}


class AssessmentAmendment(models.Model):
    """A correction to a completed assessment: completed records are never edited in place."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="amendments")
    field_name = models.CharField(max_length=50)
    field_label = models.CharField(max_length=200)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(_("reason for the correction"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_amendments"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        # The history of corrections is append-only.
        triggers = [
            pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="protect_updates", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.field_label} amended on {self.changed_at:%d %b %Y}"


class ResourceAllocationBand(models.Model):
    """One row of the resource allocation table (domain-rules.md section 4), set by administrators."""

    name = models.CharField(max_length=50)
    min_score = models.PositiveIntegerField(_("lowest impact score in this band"))
    max_score = models.PositiveIntegerField(
        _("highest impact score in this band"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no upper limit."),
    )
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    frequency = models.CharField(
        max_length=10, choices=BudgetFrequency.choices, default=BudgetFrequency.ONE_OFF
    )
    is_active = models.BooleanField(default=True)
    # A change to the table is a new row from a date, never an edit of a row in use, so an
    # assessment keeps the amounts that applied when it started.
    effective_from = models.DateField(
        _("applies to assessments started on or after"), default=datetime.date(2000, 1, 1)
    )

    class Meta:
        ordering = ["min_score", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "effective_from"], name="allocation_band_name_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: £{self.amount} from {self.effective_from:%-d %B %Y}"

    def clean(self) -> None:
        if self.max_score is not None and self.max_score < self.min_score:
            raise ValidationError(
                {"max_score": "The highest score must be at least the lowest score"}
            )
