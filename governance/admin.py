from django.contrib import admin

from governance.models import LegalHold


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Holds are placed rarely, by the governance lead; no page of their own yet.

    A hold names the carer by record number only: the admin shows no carer's name or details,
    so reading carers' data stays in the service, where it is scoped and logged."""

    list_display = ["carer_record", "team", "review_on", "placed_by", "released_at"]
    raw_id_fields = ["carer"]
    readonly_fields = ["placed_by", "placed_at"]

    @admin.display(description="carer's record number")
    def carer_record(self, obj: LegalHold) -> str:
        return str(obj.carer_id or "")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)
