from django.contrib import admin

from governance.models import LegalHold


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Holds are placed rarely, by the governance lead; no page of their own yet."""

    list_display = ["__str__", "review_on", "placed_by", "released_at"]
    raw_id_fields = ["carer"]
    readonly_fields = ["placed_by", "placed_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)
