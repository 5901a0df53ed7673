"""Case notes and the contact log on the carer's record (as Charitylog's contact log does).

A note records one contact or piece of casework: its kind (phone call, visit, email, letter,
meeting, triage conversation, other), the day it happened, who wrote it, and optionally the
referral, assessment, support plan or emergency card it is about. Notes are never edited or
deleted (a trigger refuses both): a correction is a new note that amends the old one, and both
stay on the record. They are visible to the carer's team, through the carer's scope.

Assessments, plans and cards belong to apps that depend on triage, so a note names them by
kind, id and a label frozen when it was written. Those apps register each kind of record
with `register_case_note_subject` from their AppConfig.ready(): which of a carer's records the
add form offers, and the page a note links to; that page lists the notes about its record
(`case_note_list_about`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseNoteKind(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting")
    TRIAGE = "triage", _("Triage conversation")
    OTHER = "other", _("Other")


class CaseNote(models.Model):
    carer = models.ForeignKey("triage.Carer", on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField(_("kind of contact"), max_length=20, choices=CaseNoteKind.choices)
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    referral = models.ForeignKey(
        "triage.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_notes",
    )
    # A record another app owns: "assessment", "support_plan" or "emergency_card".
    about_kind = models.CharField(max_length=30, blank=True)
    about_id = models.BigIntegerField(null=True, blank=True)
    about_label = models.CharField(max_length=200, blank=True)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["carer", "-occurred_on", "-created_at"])]
        triggers = [
            pgtrigger.Protect(
                name="case_note_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%d %b %Y}"


# --- Records of later apps a note can be about --------------------------------------------


@dataclass(frozen=True)
class CaseNoteSubject:
    kind: str
    # (user, carer) -> [(id, label)] of that carer's records the user may see, in one query
    options: Callable[[object, object], list[tuple[int, str]]]
    # id -> the record's page, where its notes are listed
    url: Callable[[int], str]
    # Where its records come in "What is it about?": the journey's order
    order: int = 0


_subjects: dict[str, CaseNoteSubject] = {}


def register_case_note_subject(subject: CaseNoteSubject) -> None:
    _subjects[subject.kind] = subject


def case_note_subject_choices(*, user, carer) -> list[tuple[str, str]]:
    """Choices for "What is it about?": "referral:12", "assessment:4", ..., each one of this
    carer's records that the user may see (one query for each kind of record)."""
    from triage.selectors import referral_list_for_carer  # noqa: PLC0415 - avoids a cycle

    choices = [
        (f"referral:{r.pk}", f"Referral {r.reference}")
        for r in referral_list_for_carer(user=user, carer=carer)[:20]
    ]
    for subject in sorted(_subjects.values(), key=lambda s: (s.order, s.kind)):
        choices += [(f"{subject.kind}:{pk}", label) for pk, label in subject.options(user, carer)]
    return choices


def case_note_subject_url(note: "CaseNote") -> str:
    """The page of the record a note is about ("" if it is about nothing in particular)."""
    if note.referral_id:
        return reverse("triage:referral-detail", kwargs={"reference": note.referral.reference})
    subject = _subjects.get(note.about_kind)
    if subject is None or note.about_id is None:
        return ""
    return subject.url(note.about_id)


# --- Writes ----------------------------------------------------------------------------------

ABOUT_NOT_THIS_CARERS = (
    "Select one of this carer's referrals, assessments, plans or cards, or nothing in particular"
)


@transaction.atomic
def case_note_add(
    *,
    carer,
    author,
    kind: str,
    occurred_on: datetime.date,
    text: str,
    about: str = "",
    amends: CaseNote | None = None,
) -> CaseNote:
    """Add a note to the carer's record; `about` is a choice from case_note_subject_choices."""
    errors = {}
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date must be today or in the past"
    if amends is not None and amends.carer_id != carer.pk:
        errors["amends"] = "You can only correct a note on this carer's record"
    note = CaseNote(
        carer=carer,
        author=author,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        amends=amends,
    )
    if about:
        label = dict(case_note_subject_choices(user=author, carer=carer)).get(about)
        if label is None:
            errors["about"] = ABOUT_NOT_THIS_CARERS
        else:
            about_kind, about_id = about.split(":", 1)
            if about_kind == "referral":
                note.referral_id = int(about_id)
            else:
                note.about_kind, note.about_id, note.about_label = about_kind, int(about_id), label
    if errors:
        raise ValidationError(errors)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def case_note_from_triage(*, referral, author) -> CaseNote | None:
    """The triage conversation's notes, kept on the carer's record once the carer is known."""
    if referral.carer_id is None or not referral.triage_notes.strip():
        return None
    existing = CaseNote.objects.filter(
        referral=referral, kind=CaseNoteKind.TRIAGE, text=referral.triage_notes.strip()
    ).first()
    if existing is not None:
        return existing
    note = CaseNote(
        carer_id=referral.carer_id,
        author=author,
        kind=CaseNoteKind.TRIAGE,
        occurred_on=timezone.localdate(),
        text=referral.triage_notes.strip(),
        referral=referral,
    )
    note.full_clean()
    note.save()
    return note


# --- Reads -----------------------------------------------------------------------------------


def case_note_list_for_carer(*, user, carer) -> QuerySet[CaseNote]:
    """Notes on a carer the caller has already scoped to the user (their team's carers)."""
    from triage.selectors import carer_list_visible_to  # noqa: PLC0415 - avoids a cycle

    return (
        CaseNote.objects.filter(carer__in=carer_list_visible_to(user), carer=carer)
        .select_related("author", "referral", "amends")
        .prefetch_related("amendments")
    )


def case_note_list_for_referral(*, referral) -> QuerySet[CaseNote]:
    return CaseNote.objects.filter(referral=referral).select_related("author")


def case_note_list_about(*, user, carer, kind: str, object_id: int) -> QuerySet[CaseNote]:
    """Notes about one record of a later app (an assessment, a plan, a card), for its page.
    The caller has scoped the record; the carer's scope is applied again here."""
    return case_note_list_for_carer(user=user, carer=carer).filter(
        about_kind=kind, about_id=object_id
    )
