from django.contrib import admin

from triage.models import PostcodeDistrictTeam


@admin.register(PostcodeDistrictTeam)
class PostcodeDistrictTeamAdmin(admin.ModelAdmin):
    """The intake routing table: which team's triage queue a new referral joins."""

    list_display = ["district", "team"]
    list_filter = ["team"]
    search_fields = ["district"]
    ordering = ["district"]

    def save_model(self, request, obj, form, change):
        obj.district = obj.district.strip().upper()
        super().save_model(request, obj, form, change)
