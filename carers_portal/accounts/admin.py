from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from carers_portal.accounts.models import AccessEvent, Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Role and teams", {"fields": ("role", "teams")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Role and teams", {"fields": ("role", "teams")}),
    )
    filter_horizontal = ["teams", "groups", "user_permissions"]


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "user", "role", "action", "object_type", "object_id", "carer_id"]
    list_filter = ["action", "role"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
