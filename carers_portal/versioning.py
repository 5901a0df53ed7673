"""The one version-checked write, and the one conflict it can end in.

Editable records carry a `version`. A save names the version its user read; the UPDATE only
matches that version, so when someone else saved in between nothing is overwritten and the
user is told (the conflict page in `carers_portal.pages`, 409 in `carers_portal.api_errors`).
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db.models import F, Model
from django.utils import timezone

ModelT = TypeVar("ModelT", bound=Model)


class EditConflict(Exception):
    """Someone else saved the record after this user read it; nothing was written."""

    def __init__(self, what: str = "record", *, current_version: int | None = None):
        self.what = what
        self.current_version = current_version
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (
            f"Someone else changed this {self.what} while you were editing it. "
            "Your changes have not been saved. Check the current details and make your "
            "changes again."
        )

    def __str__(self) -> str:
        return self.message


def conflict_noun(model: type[Model]) -> str:
    """What the person editing calls the record ("assessment", "support plan", ...)."""
    return getattr(model, "edit_conflict_noun", "record")


def save_versioned(
    obj: ModelT,
    *,
    version: int,
    changes: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    clean_exclude: Iterable[str] | None = None,
) -> ModelT:
    """Write `changes` (and the already-set `fields`) only if the row is still at `version`.

    The object is validated with `full_clean()` first, so nothing half-valid is written. The
    version goes up by one and `updated_at` (where the model has one) is stamped; the object
    comes back refreshed from the database.
    """
    changes = dict(changes or {})
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=list(clean_exclude) if clean_exclude is not None else None)
    model = type(obj)
    values = {name: getattr(obj, name) for name in dict.fromkeys([*changes, *fields])}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        **values, version=F("version") + 1
    )
    if updated == 0:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
        raise EditConflict(conflict_noun(model), current_version=current.first())
    obj.refresh_from_db()
    return obj


def update_bumping_version(queryset, **changes) -> int:
    """A change the service makes itself (closing tasks, marking reviews), not a person's edit.

    It is not version-checked, since no one read the rows first, but it still moves their
    version on, so anyone with one of them open cannot save over it unknowingly.
    """
    return queryset.update(**changes, version=F("version") + 1)
