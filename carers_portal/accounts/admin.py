from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from knox.models import AuthToken

from carers_portal.accounts.models import AccessEvent, AccountEvent, Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are added, changed and ended in the service (Staff accounts), where each
    change is recorded and a leaver's sessions and tokens end; admin only shows them."""

    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Role and teams", {"fields": ("role", "teams")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Role and teams", {"fields": ("role", "teams")}),
    )
    filter_horizontal = ["teams", "groups", "user_permissions"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "user", "role", "action", "object_type", "object_id", "carer_id"]
    list_filter = ["action", "role"]
    list_select_related = ["user"]


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor", "subject", "action", "details"]
    list_filter = ["action"]
    list_select_related = ["actor", "subject"]


# The sign-in security log (axes, whose own admin is off): readable, never changed or deleted.
@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start"]
    search_fields = ["username", "ip_address"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address"]
    search_fields = ["username", "ip_address"]


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out"]
    search_fields = ["username", "ip_address"]


# Admins must not mint tokens for other people: each person creates their own, shown once.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
