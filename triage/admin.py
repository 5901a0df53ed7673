from django.contrib import admin

from triage.models import GPPractice, PostcodeDistrictTeam


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


@admin.register(GPPractice)
class GPPracticeAdmin(admin.ModelAdmin):
    """The practice list a referral from a GP practice names (reported per practice)."""

    list_display = ["name", "ods_code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "ods_code"]

    def save_model(self, request, obj, form, change):
        obj.ods_code = obj.ods_code.strip().upper()
        super().save_model(request, obj, form, change)
