from django.contrib import admin

from support_plans.models import PlanItem, ServiceReferral, ServiceReferralUpdate, SupportPlan


class ReadOnlyAdmin(admin.ModelAdmin):
    """Plans change only through support_plans.services (budget, status and version rules),
    so the admin is for looking, not editing."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = [
        "description",
        "service",
        "frequency",
        "cost",
        "annual_cost",
        "funding_stream",
        "delivery_mechanism",
        "for_cared_for_person",
        "starts_on",
        "ends_on",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupportPlan)
class SupportPlanAdmin(ReadOnlyAdmin):
    list_display = ["reference", "carer", "team", "status", "starts_on", "personal_budget"]
    list_filter = ["status", "team"]
    list_select_related = ["carer", "team"]
    inlines = [PlanItemInline]


@admin.register(ServiceReferral)
class ServiceReferralAdmin(ReadOnlyAdmin):
    list_display = ["id", "service", "status", "sent_on"]
    list_filter = ["status"]
    list_select_related = ["service"]


@admin.register(ServiceReferralUpdate)
class ServiceReferralUpdateAdmin(ReadOnlyAdmin):
    list_display = ["referral", "status", "happened_on", "recorded_by"]
