from django import forms

from services_directory import rules
from services_directory.models import TaxonomyTerm


class DirectorySearchForm(forms.Form):
    """The public search: every field optional, so an empty search lists everything."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ModelChoiceField(
        label="Type of support",
        queryset=TaxonomyTerm.objects.order_by("position", "name"),
        required=False,
        empty_label="All types of support",
        error_messages={"invalid_choice": "Select a type of support from the list"},
    )
    postcode = forms.CharField(label="Postcode or area", required=False, max_length=10)

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return ""
        district = rules.postcode_district(raw)
        if district is None:
            raise forms.ValidationError(
                "Enter a real postcode or postcode area, like NR1 3QU or NR1"
            )
        return district
