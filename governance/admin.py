"""Governance records in the Django admin, naming carers by record number only.

The admin is outside the service's scoped selectors and its access log, so it must show no
carer's name or details: lists, the raw-id widget beside the carer box, page titles and the
admin's own change log (which keeps `str(obj)`) all give the record number. Restrictions and
challenges are not in the admin at all: they are made and read on the carer's record, where
what staff see is scoped and logged (tests/governance/test_admin.py checks both).
"""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget

from governance.models import LegalHold


class RecordNumberRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id box with "Carer record 123" beside it, where Django shows `str(carer)`."""

    def label_and_url_for_value(self, value):
        model = self.rel.model
        if not model._default_manager.using(self.db).filter(pk=value).exists():
            return "", ""
        return f"{model._meta.verbose_name.capitalize()} record {value}", ""


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Holds are placed rarely, by the governance lead; no page of their own yet."""

    list_display = ["carer_record", "team", "review_on", "placed_by", "released_at"]
    raw_id_fields = ["carer"]
    readonly_fields = ["placed_by", "placed_at"]

    @admin.display(description="carer's record number")
    def carer_record(self, obj: LegalHold) -> str:
        return str(obj.carer_id or "")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.raw_id_fields:
            kwargs["widget"] = RecordNumberRawIdWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)
