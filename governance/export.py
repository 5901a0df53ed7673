"""The subject access (UK GDPR Art. 15) pack: every record linked to a carer or a cared-for
person, their change history and who viewed them, as one JSON file per table plus a summary
a person can read (HTML and PDF).

Which tables hold the subject's data is found by walking the model graph, not listed by hand,
so a table another app adds later is exported without anyone remembering to add it;
tests/governance/test_sar_meta.py walks apps.get_models() independently and fails if one is
missing.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

import weasyprint
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from triage.models import CaredForPerson, Carer

MAX_DEPTH = 5
SUMMARY_ROWS_PER_TABLE = 200

# Tables that are about someone else as well as the subject: flagged for redaction review.
THIRD_PARTY_TABLES = {
    "triage.caredforperson": "About the person cared for",
    "triage.caringrelationship": "Names the person cared for",
    "emergency_cards.emergencycontact": "Names and phone numbers of the carer's contacts",
    "emergency_cards.contactattempt": "Calls to the carer's contacts",
    "online_accounts.actingfor": "Names someone the carer lets see their plan and card",
}
# Columns that are keys, not information about the person: never put in a pack.
NOT_EXPORTED = {"online_accounts.invitation": {"lookup", "secret_hash"}}
FREE_TEXT_HINTS = ("note", "details", "description", "summary", "comment", "reason")


def paths_to(target: type[models.Model]) -> dict[type[models.Model], list[str]]:
    """For every model that reaches `target` through foreign keys: the ORM lookups to it.

    pghistory's event models copy the tracked foreign keys (without database constraints),
    so each table's history is found the same way as the table itself.
    """
    found: dict[type[models.Model], list[str]] = {target: [""]}
    for _depth in range(MAX_DEPTH):
        grew = False
        for model in apps.get_models(include_auto_created=True):
            for fk in model._meta.concrete_fields:
                if not fk.is_relation or fk.related_model not in found:
                    continue
                for tail in found[fk.related_model]:
                    lookup = f"{fk.name}__{tail}" if tail else fk.name
                    known = found.setdefault(model, [])
                    if lookup not in known and len(known) < 8 and model is not target:
                        known.append(lookup)
                        grew = True
        if not grew:
            break
    return found


def _subject_filter(lookups: list[str], subject) -> Q:
    condition = Q()
    for lookup in lookups:
        condition |= Q(pk=subject.pk) if lookup == "" else Q(**{lookup: subject.pk})
    return condition


def _rows(model, queryset) -> list[dict]:
    hidden = NOT_EXPORTED.get(model._meta.label_lower, set())
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if not isinstance(f, models.BinaryField) and f.attname not in hidden
    ]
    return list(queryset.order_by("pk").values(*names))


def _third_party_reason(model, subject_is_carer: bool) -> str:
    label = model._meta.label_lower.removesuffix("event")
    if label in THIRD_PARTY_TABLES:
        return THIRD_PARTY_TABLES[label]
    if not subject_is_carer and label == "triage.carer":
        return "About the carer, who is another person"
    text_fields = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and any(h in f.name for h in FREE_TEXT_HINTS)
    ]
    if text_fields:
        return "Free text written by staff (" + ", ".join(text_fields) + "): check for others"
    return ""


@dataclass
class Table:
    label: str
    title: str
    rows: list[dict]
    third_party: str
    display: list[list[tuple[str, str]]] = field(default_factory=list)


def subject_tables(subject) -> list[Table]:
    subject_is_carer = isinstance(subject, Carer)
    target = Carer if subject_is_carer else CaredForPerson
    tables = []
    for model, lookups in sorted(paths_to(target).items(), key=lambda kv: kv[0]._meta.label):
        queryset = model._base_manager.filter(_subject_filter(lookups, subject)).distinct()
        tables.append(_table(model, _rows(model, queryset), subject_is_carer))
    if subject_is_carer:
        # The people they care for hang off the carer through the relationship, not a key.
        cared_for = CaredForPerson.objects.filter(relationships__carer=subject).distinct()
        tables.append(_table(CaredForPerson, _rows(CaredForPerson, cared_for), True))
        views = AccessEvent.objects.filter(carer_id=subject.pk)
    else:
        views = AccessEvent.objects.filter(object_type="CaredForPerson", object_id=str(subject.pk))
    tables.append(_table(AccessEvent, _rows(AccessEvent, views), subject_is_carer))
    return tables


def _table(model, rows, subject_is_carer) -> Table:
    meta = model._meta
    labels = {f.attname: str(f.verbose_name).capitalize() for f in meta.concrete_fields}
    return Table(
        label=meta.label_lower,
        title=str(meta.verbose_name_plural).capitalize(),
        rows=rows,
        third_party=_third_party_reason(model, subject_is_carer),
        display=[
            [(labels[name], "" if value is None else str(value)) for name, value in row.items()]
            for row in rows[:SUMMARY_ROWS_PER_TABLE]
        ],
    )


def build_sar_zip(subject, *, request_id: int) -> bytes:
    tables = subject_tables(subject)
    created = timezone.now()
    manifest = {
        "request": request_id,
        "created_at": created.isoformat(),
        "tables": {
            t.label: {"rows": len(t.rows), "third_party_review": t.third_party} for t in tables
        },
    }
    summary = render_to_string(
        "governance/sar_summary.html",
        {
            "subject": subject,
            "created": created,
            "tables": [t for t in tables if t.rows],
            "row_limit": SUMMARY_ROWS_PER_TABLE,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(
                f"tables/{table.label}.json",
                json.dumps(table.rows, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False),
            )
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        archive.writestr("summary.html", summary)
        archive.writestr("summary.pdf", weasyprint.HTML(string=summary).write_pdf())
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
