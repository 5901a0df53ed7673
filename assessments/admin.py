from django.contrib import admin
from django.utils import timezone

from assessments.models import ResourceAllocationBand


@admin.register(ResourceAllocationBand)
class ResourceAllocationBandAdmin(admin.ModelAdmin):
    """Administrators keep the resource allocation table up to date (domain-rules.md s4)."""

    list_display = [
        "name",
        "min_score",
        "max_score",
        "amount",
        "frequency",
        "is_active",
        "effective_from",
    ]
    list_filter = ["effective_from"]
    ordering = ["min_score", "-effective_from"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A band in use is never rewritten: add a row with a later "applies from" date.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)
