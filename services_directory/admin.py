"""Django admin for administrators maintaining the directory. Saves go through services.py."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from carers_portal.budget_lines import budget_line_choices
from carers_portal.versioning import EditConflict, conflict_noun
from services_directory import selectors, services
from services_directory.models import (
    Contact,
    Contract,
    CostOption,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name"]
    inlines = [LocationInline]

    def save_model(self, request, obj, form, change) -> None:
        services.organisation_save(organisation=obj)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    show_change_link = True


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service"
    extra = 0
    exclude = ["service_at_location"]


class CostOptionInline(admin.TabularInline):
    model = CostOption
    extra = 0


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


class ContractForm(forms.ModelForm):
    # The budget lines reporting keeps, offered by code (carers_portal/budget_lines.py).
    budget_line_code = forms.ChoiceField(
        label="Budget line", choices=budget_line_choices, required=False
    )

    class Meta:
        model = Contract
        fields = [
            "service",
            "reference",
            "funding_stream",
            "budget_line_code",
            "value_per_year",
            "start_date",
            "end_date",
            "notes",
        ]


class ContractInline(admin.TabularInline):
    model = Contract
    form = ContractForm
    extra = 0
    fields = [
        "reference",
        "funding_stream",
        "budget_line_code",
        "value_per_year",
        "start_date",
        "end_date",
    ]


class ServiceAdminForm(forms.ModelForm):
    # The version this person read, so saving over someone else's change is refused and
    # what they typed is shown again.
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "description",
            "status",
            "alert",
            "url",
            "email",
            "minimum_age",
            "maximum_age",
            "carer_types",
            "areas",
            "eligibility_description",
            "taxonomy_terms",
            "fees_description",
            "capacity",
            "uptake",
            "last_verified_on",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        read_version = cleaned.get("read_version")
        if (
            self.instance.pk
            and read_version is not None
            and Service.objects.filter(pk=self.instance.pk).exclude(version=read_version).exists()
        ):
            raise forms.ValidationError(EditConflict(conflict_noun(Service)).message)
        return cleaned


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "status",
        "last_verified_on",
        "capacity",
        "uptake",
    ]
    list_filter = ["status", "taxonomy_terms", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    filter_horizontal = ["taxonomy_terms"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [
        ContactInline,
        ScheduleInline,
        CostOptionInline,
        ServiceAtLocationInline,
        ContractInline,
    ]
    actions = ["mark_verified_today"]
    form = ServiceAdminForm
    fieldsets = [
        (
            None,
            {"fields": ["read_version", "organisation", "name", "description", "status", "alert"]},
        ),
        ("How to get in touch", {"fields": ["url", "email"]}),
        (
            "Who it is for",
            {
                "fields": [
                    "minimum_age",
                    "maximum_age",
                    "carer_types",
                    "areas",
                    "eligibility_description",
                    "taxonomy_terms",
                ]
            },
        ),
        ("Cost", {"fields": ["fees_description"]}),
        ("Commissioning", {"fields": ["capacity", "uptake", "last_verified_on"]}),
        ("Record", {"fields": ["version", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        expected = form.cleaned_data.get("read_version") if change else None
        services.service_save(service=obj, expected_version=expected)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return HttpResponseRedirect(request.path)

    @admin.action(description="Mark details as checked with the provider today")
    def mark_verified_today(self, request, queryset) -> None:
        for service in queryset:
            services.service_verify(service=service)
        self.message_user(request, f"{queryset.count()} service(s) marked as checked today")


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 1


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "service"]
    list_select_related = ["service"]
    search_fields = ["name", "service__name"]
    inlines = [PhoneInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "postal_code", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "postal_code"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "service",
        "provider_name",
        "funding_stream",
        "budget_line_code",
        "value_per_year",
        "start_date",
        "end_date",
    ]
    list_filter = ["funding_stream", "budget_line_code"]
    form = ContractForm
    search_fields = ["reference", "service__name", "service__organisation__name"]
    autocomplete_fields = ["service"]

    def get_queryset(self, request):
        return selectors.contract_list()

    @admin.display(description="Provider", ordering="service__organisation__name")
    def provider_name(self, obj: Contract) -> str:
        return obj.provider.name

    def save_model(self, request, obj, form, change) -> None:
        services.contract_save(contract=obj)


class TaxonomyTermInline(admin.TabularInline):
    model = TaxonomyTerm
    fk_name = "taxonomy"
    extra = 0
    fields = ["position", "code", "name", "description", "parent"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version"]
    inlines = [TaxonomyTermInline]
