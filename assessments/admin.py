from django.contrib import admin

from assessments.models import ResourceAllocationBand


@admin.register(ResourceAllocationBand)
class ResourceAllocationBandAdmin(admin.ModelAdmin):
    """Administrators keep the resource allocation table up to date (domain-rules.md s4)."""

    list_display = ["name", "min_score", "max_score", "amount", "frequency", "is_active"]
    list_editable = ["amount", "is_active"]
    ordering = ["min_score"]
