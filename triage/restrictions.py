"""Restricted carers' records (UK GDPR Art. 18 restriction; staff who are relatives).

A worker or manager marks a carer's record restricted with a reason; from then on only the
staff named on the restriction see the carer, or anything hanging off the carer, anywhere:
`carer_list_visible_to` and the other apps' scoped selectors all filter through
`restricted_carer_hidden_q`, so lists, search, the API and pages inherit one rule (others get
404). Lifting a restriction keeps the row, with who lifted it, when and why.
"""

import pghistory
import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carers_portal.accounts.roles import CASEWORK_ROLES


class RestrictionReason(models.TextChoices):
    RELATIVE_ON_STAFF = "relative_on_staff", _("A relative or friend works for the service")
    CARER_OBJECTS = "carer_objects", _("The carer objects to how their record is used")
    SAFEGUARDING = "safeguarding", _("Safeguarding or risk to the carer")
    OTHER = "other", _("Another reason")


@pghistory.track()
class CarerRestriction(models.Model):
    carer = models.ForeignKey("triage.Carer", on_delete=models.CASCADE, related_name="restrictions")
    reason = models.CharField(_("reason"), max_length=30, choices=RestrictionReason.choices)
    details = models.TextField(_("details"), blank=True)
    named_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="restricted_carers_named", blank=True
    )
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(_("why the restriction is lifted"), blank=True)

    class Meta:
        ordering = ["-restricted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carer"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_restriction_per_carer",
            )
        ]
        indexes = [
            models.Index(
                fields=["carer"], condition=Q(lifted_at__isnull=True), name="restriction_active"
            )
        ]

    def __str__(self) -> str:
        # A record number, never a name: history and the Django admin keep this string.
        return f"Restriction on carer record {self.carer_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


def restricted_carer_hidden_q(user, carer_ref: str = "pk") -> Q:
    """True for rows whose carer has an active restriction that does not name `user`.

    `carer_ref` is the path from the filtered model to the carer's id ("pk" on Carer,
    "carer_id" on records that hang off one). One EXISTS per query, served by the partial
    index on active restrictions; callers `.exclude()` it.
    """
    not_named = CarerRestriction.objects.filter(
        carer_id=OuterRef(carer_ref), lifted_at__isnull=True
    ).exclude(named_staff=user)
    return Q(Exists(not_named))


def restriction_applies_to(user) -> bool:
    """Restrictions bind casework staff. A carer always sees their own record; the
    24-hour responder's look-up is an emergency (vital interests) and is logged with its
    reason, and the access review flags it."""
    return bool(user.is_authenticated and user.role in CASEWORK_ROLES)


def exclude_restricted(queryset, user, carer_ref: str = "pk"):
    if not restriction_applies_to(user):
        return queryset
    return queryset.exclude(restricted_carer_hidden_q(user, carer_ref))


def restricted_carer_id_of(record) -> int | None:
    """The carer a record hangs off (the carer's own id for a carer), or None."""
    if record is None:
        return None
    if record._meta.label == "triage.Carer":
        return record.pk
    return getattr(record, "carer_id", None)


@rules.predicate
def not_restricted_from(user, record) -> bool:
    """The object-permission twin of `exclude_restricted`: False when the record's carer has
    an active restriction that does not name this casework user.

    Composed last into the casework rules of every app's permissions.py, so its one indexed
    EXISTS runs only when the team check has passed; tests/test_object_permissions.py checks
    it agrees with the scoped selectors record by record.
    """
    carer_id = restricted_carer_id_of(record)
    if carer_id is None or not restriction_applies_to(user):
        return True
    return not (
        CarerRestriction.objects.filter(carer_id=carer_id, lifted_at__isnull=True)
        .exclude(named_staff=user)
        .exists()
    )


def active_restriction_for(carer) -> CarerRestriction | None:
    return (
        CarerRestriction.objects.filter(carer=carer, lifted_at__isnull=True)
        .prefetch_related("named_staff")
        .first()
    )


@transaction.atomic
def carer_restrict(*, carer, reason: str, details: str, named_staff, by) -> CarerRestriction:
    """Restrict the record; the person restricting it is always named, so it never vanishes
    from everyone."""
    if active_restriction_for(carer) is not None:
        raise ValidationError("This record is already restricted.")
    restriction = CarerRestriction(carer=carer, reason=reason, details=details, restricted_by=by)
    restriction.full_clean()
    restriction.save()
    restriction.named_staff.set({by, *named_staff})
    return restriction


@transaction.atomic
def carer_restriction_lift(*, restriction: CarerRestriction, reason: str, by) -> None:
    if not reason.strip():
        raise ValidationError({"lift_reason": "Enter why the restriction is lifted"})
    locked = CarerRestriction.objects.select_for_update().get(pk=restriction.pk)
    if locked.lifted_at is not None:
        raise ValidationError("This restriction has already been lifted.")
    locked.lifted_at = timezone.now()
    locked.lifted_by = by
    locked.lift_reason = reason.strip()
    locked.full_clean()
    locked.save()
