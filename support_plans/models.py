"""Carers' support plans (Care Act 2014 s25), the services in them, and referrals to those
services.

See ../shared/reference/domain-rules.md section 2 (s20 replacement care, s25 support plan,
s26 personal budget, s27 review, s31-33 direct payments). The rules themselves (allowed status
changes, annual costs, the budget check) are pure functions in support_plans/rules.py.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from carers_portal.budget_lines import budget_line_problem
from services_directory.models import FundingStream
from support_plans.rules import annual_cost


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed")


class PaymentFrequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off payment")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class ItemFrequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every 2 weeks")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Once a year")


class DeliveryMechanism(models.TextChoices):
    """How support reaches the carer: the CLD Delivery_Mechanism values, plus information and
    advice (SALT LTS003 support types 1, 2, 3 and 5)."""

    DIRECT_PAYMENT = "direct_payment", _("Direct payment")
    MANAGED_PERSONAL_BUDGET = "managed_personal_budget", _("Council-managed personal budget")
    COMMISSIONED = "commissioned", _("Commissioned support")
    INFORMATION_ADVICE = "information_advice", _("Information and advice")


class AgreementMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")
    LETTER = "letter", _("By letter")
    EMAIL = "email", _("By email")


@pghistory.track()
class SupportPlan(models.Model):
    edit_conflict_noun = "support plan"

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.PROTECT, related_name="support_plans"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="support_plans"
    )
    # Copied from the carer when the plan is made, so reports count by the team that did it.
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="support_plans"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    # Care Act 2014 s25(1): what a support plan must say.
    needs_identified = models.TextField(_("needs identified"), blank=True)
    needs_to_be_met = models.TextField(_("which needs will be met, and how"), blank=True)
    outcomes_wanted = models.TextField(_("outcomes the carer wants"), blank=True)
    advice_and_information = models.TextField(
        _("advice and information on meeting, reducing or preventing needs"), blank=True
    )
    contingency_arrangements = models.TextField(
        _("what happens if the support cannot be provided"), blank=True
    )

    starts_on = models.DateField(_("plan starts"))
    ends_on = models.DateField(_("plan ends"), null=True, blank=True)

    # Care Act 2014 s26: the personal budget, as an amount a year.
    personal_budget = models.DecimalField(
        _("personal budget a year"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Care Act 2014 s25(2): with direct payments, which needs they meet, their amount and
    # frequency.
    direct_payment_amount = models.DecimalField(
        _("direct payment amount"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    direct_payment_frequency = models.CharField(
        _("how often the direct payment is paid"),
        max_length=10,
        choices=PaymentFrequency.choices,
        blank=True,
    )
    direct_payment_needs = models.TextField(_("needs the direct payment meets"), blank=True)

    # Care Act 2014 s25(4)-(5): the carer is involved and agrees.
    carer_agreed = models.BooleanField(_("the carer agreed the plan"), default=False)
    agreed_on = models.DateField(_("date the carer agreed"), null=True, blank=True)
    agreement_method = models.CharField(
        _("how the carer agreed"), max_length=10, choices=AgreementMethod.choices, blank=True
    )

    # Care Act 2014 s27: reviews, planned and on request.
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    review_requested_on = models.DateField(_("review requested on"), null=True, blank=True)
    review_requested_reason = models.TextField(_("reason for the review request"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_plans_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["team", "status", "-starts_on"]),
            models.Index(fields=["carer", "-starts_on"]),
            models.Index(fields=["next_review_due"]),
        ]
        # A plan is part of the carer's record: it is closed, never deleted.
        triggers = [pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(carer_agreed=False) | models.Q(agreed_on__isnull=False),
                name="support_plan_agreement_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="support_plan_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Support plan for {self.carer} from {self.starts_on:%d %b %Y}"

    @property
    def reference(self) -> str:
        return f"SP-{self.pk:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.UNDER_REVIEW)


# Items can be removed from a draft plan, so deletions are kept in the history too.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanItem(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    # Empty for support that is not in the directory, such as information and advice.
    service = models.ForeignKey(
        "services_directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    description = models.CharField(_("what the support is"), max_length=300)
    frequency = models.CharField(
        _("how often"), max_length=12, choices=ItemFrequency.choices, default=ItemFrequency.WEEKLY
    )
    cost = models.DecimalField(
        _("cost each time"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # Derived at save by support_plans.rules.annual_cost, so reports sum it in SQL.
    annual_cost = models.DecimalField(max_digits=10, decimal_places=2, editable=False, default=0)
    funding_stream = models.CharField(
        _("funding stream"), max_length=30, choices=FundingStream.choices
    )
    # The budget line that pays for it, by the line's code (see carers_portal/budget_lines.py).
    budget_line_code = models.CharField(_("budget line"), max_length=20, blank=True)
    delivery_mechanism = models.CharField(
        _("how it is provided"), max_length=30, choices=DeliveryMechanism.choices
    )
    # Care Act 2014 s20: replacement care is a service to the cared-for person; any charge is
    # theirs, and it is not part of the carer's personal budget.
    for_cared_for_person = models.BooleanField(
        _("replacement care for the cared-for person"), default=False
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_item_dates_ordered",
            ),
        ]
        # A budget line's plan items, page by page in id order (reporting's drill-down).
        indexes = [
            models.Index(
                fields=["funding_stream", "budget_line_code", "id"], name="plan_item_budget_line"
            )
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs) -> None:
        self.annual_cost = annual_cost(cost=self.cost, frequency=self.frequency)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        problem = budget_line_problem(
            funding_stream=self.funding_stream, code=self.budget_line_code
        )
        if problem:
            raise ValidationError({"budget_line_code": problem})


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")
    ENDED = "ended", _("Ended")


@pghistory.track()
class ServiceReferral(models.Model):
    """A referral from a plan item to its directory service, followed until the loop closes."""

    edit_conflict_noun = "referral"

    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(
        "services_directory.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_on = models.DateField(_("date sent"))
    accepted_on = models.DateField(_("date accepted"), null=True, blank=True)
    declined_on = models.DateField(_("date declined"), null=True, blank=True)
    started_on = models.DateField(_("date started"), null=True, blank=True)
    ended_on = models.DateField(_("date ended"), null=True, blank=True)
    notes = models.TextField(blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_referrals_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["service", "status"])]
        triggers = [pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Referral to {self.service} ({self.get_status_display()})"


class ServiceReferralUpdate(models.Model):
    """One status change on a referral: the history staff and reports read."""

    referral = models.ForeignKey(ServiceReferral, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    happened_on = models.DateField(_("date"))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_referral_updates"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        triggers = [
            pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="protect_updates", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.happened_on:%d %b %Y}"
