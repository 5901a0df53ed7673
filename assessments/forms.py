"""GOV.UK question pages for assessments. Forms parse input; services decide and save."""

from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Fieldset, Layout
from django import forms
from django.utils import timezone

from assessments import rules
from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    AssessmentKind,
    EligibilityOutcome,
)
from assessments.questions import field_factories, yes_no_field
from carers_portal.forms import GovUKFormMixin


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...]
    source: str
    # What the section covers, in plain words, under its name in the task list.
    hint: str = ""
    # Questions asked together, each group a fieldset with a legend: (legend, fields).
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


# The eight outcomes of SI 2015/313 reg. 3(2)(b) in four pairs, so the page is read a pair at a
# time rather than as forty radios at once. The groups are only for reading: the outcomes carry
# no ranking, and being unable to achieve any one of them is enough.
OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Caring for other people", ("outcome_child_care", "outcome_caring_for_others")),
    ("Home and meals", ("outcome_home", "outcome_nutrition")),
    ("Relationships, work and learning", ("outcome_relationships", "outcome_work_education")),
    ("Getting out and free time", ("outcome_community", "outcome_recreation")),
)
ABOUT_HINTS = {
    AssessmentKind.SEPARATE: "Who they look after",
    AssessmentKind.JOINT: "Who they look after, and whether both of them agree",
    AssessmentKind.DECLINED: "When they declined, and why",
    AssessmentKind.REVIEW: "What kind of review, and why",
}


def sections_for(assessment: Assessment) -> list[Section]:
    """The task list for this kind of assessment (declined needs only the refusal)."""
    kind = assessment.kind
    rule = rules.KIND_RULES[kind]
    about = list(rule.about)
    if not about and assessment.carer.relationships.exists():
        about = ["cared_for"]
    if assessment.is_young_carer and rule.assesses_needs:
        about.append("is_transition")
    sections = (
        [Section("about", "About this assessment", tuple(about), rule.source, ABOUT_HINTS[kind])]
        if about
        else []
    )
    if not rule.assesses_needs:
        return sections
    sections += [
        Section(
            "caring-role",
            "Caring role",
            (
                "able_to_care",
                "likely_to_remain_able",
                "willing_to_care",
                "likely_to_remain_willing",
                "needs_arise_from_caring",
            ),
            "Care Act 2014 s10(5)(a)-(b); SI 2015/313 reg. 3(1)(a)",
            "Whether they are able and willing to keep caring",
        ),
        Section(
            "wellbeing",
            "Wellbeing and outcomes wanted",
            ("impact_on_wellbeing", "outcomes_wanted", "support_would_help"),
            "Care Act 2014 s10(5)(c)-(e) and s10(6)",
            "How caring affects them, and what they want to achieve",
        ),
        Section(
            "outcomes",
            "Outcomes the carer can or cannot achieve",
            (*(name for name, _label in OUTCOME_FIELDS), "outcomes_notes"),
            "SI 2015/313 reg. 3(2)(b) and 3(3)",
            "Eight everyday outcomes, and which of them they cannot achieve",
            groups=OUTCOME_GROUPS,
        ),
        Section(
            "impact",
            "Health and impact on wellbeing",
            ("health_deteriorating", "significant_impact", "significant_impact_notes"),
            "SI 2015/313 reg. 3(2)(a) and 3(1)(c)",
            "Their health, and the effect of caring on their wellbeing",
        ),
    ]
    decides = rules.decides_eligibility(
        kind=kind, is_young_carer=assessment.is_young_carer, is_transition=assessment.is_transition
    )
    if decides:
        sections.append(
            Section(
                "eligibility",
                "Eligibility decision",
                ("eligibility_outcome", "eligibility_override_reason"),
                rules.ELIGIBILITY_SOURCE,
                "Your decision, with what the rules say",
            )
        )
    support = ["received_information_advice", "received_specific_service"]
    if decides:
        support += ["agreed_budget", "budget_frequency", "budget_override_reason"]
    sections.append(
        Section(
            "support",
            "Support and personal budget",
            tuple(support),
            "Care Act 2014 s26",
            "Information, advice and support" + (", and the personal budget" if decides else ""),
        )
    )
    return sections


def section_by_slug(assessment: Assessment, slug: str) -> Section | None:
    return next((s for s in sections_for(assessment) if s.slug == slug), None)


def _initial(assessment: Assessment, name: str):
    value = getattr(assessment, name)
    if isinstance(value, bool) and name not in {
        "is_transition",
        "received_information_advice",
        "received_specific_service",
    }:
        return str(value)
    if name == "eligibility_outcome" and value == EligibilityOutcome.NOT_DETERMINED:
        return ""
    return value


class SectionForm(forms.Form):
    """One task-list section. "Save and continue" needs every required answer in it;
    "Save and come back later" keeps whatever is valid so far."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assessment: Assessment, section: Section, **kwargs):
        self.assessment = assessment
        self.section = section
        kwargs.setdefault(
            "initial",
            {"version": assessment.version}
            | {name: _initial(assessment, name) for name in section.fields},
        )
        super().__init__(*args, **kwargs)
        factories = field_factories(assessment)
        for name in section.fields:
            self.fields[name] = factories[name]()
        if section.slug == "eligibility" and assessment.rules_outcome in {
            EligibilityOutcome.ELIGIBLE,
            EligibilityOutcome.NOT_ELIGIBLE,
        }:
            self.fields[
                "eligibility_outcome"
            ].help_text = (
                f"Under the rules the carer is {assessment.get_rules_outcome_display().lower()}."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        grouped = {name for _legend, names in section.groups for name in names}
        self.helper.layout = Layout(
            *(
                Fieldset(*names, legend=legend, legend_size="m", legend_tag="h2")
                for legend, names in section.groups
            ),
            *(name for name in self.fields if name not in grouped),
        )

    def clean(self):
        cleaned = super().clean()
        declined_on = cleaned.get("declined_on")
        if declined_on and declined_on > timezone.localdate():
            self.add_error(
                "declined_on", "The date the carer declined must be today or in the past"
            )
        if self.data.get("save_later"):
            return cleaned
        answers = {name: getattr(self.assessment, name) for name in self.section.fields} | {
            name: value for name, value in cleaned.items() if name in self.section.fields
        }
        problems = rules.completion_problems(kind=self.assessment.kind, answers=answers)
        for name in self.section.fields:
            if name in problems and name not in self.errors:
                self.add_error(name, problems[name])
        if self.section.slug == "eligibility" and not cleaned.get("eligibility_outcome"):
            self.add_error("eligibility_outcome", "Select your eligibility decision")
        return cleaned

    def changes(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.section.fields and name not in self.errors
        }


class StartForm(GovUKFormMixin, forms.Form):
    submit_label = "Start assessment"

    kind = forms.ChoiceField(
        label="What kind of assessment is this?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of assessment"},
    )
    review_of = forms.ModelChoiceField(
        label="Which assessment is being reviewed?",
        help_text="Only for a review.",
        queryset=Assessment.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        required=False,
    )

    def __init__(self, *args, review_candidates, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = list(AssessmentKind.choices)
        if not review_candidates.exists():
            kinds = [(value, label) for value, label in kinds if value != AssessmentKind.REVIEW]
            del self.fields["review_of"]
            self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))
        else:
            self.fields["review_of"].queryset = review_candidates
            self.fields["review_of"].label_from_instance = lambda a: (
                f"{a.get_kind_display()} completed {a.completed_on:%-d %B %Y}"
            )
        self.fields["kind"].choices = kinds

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AssessmentKind.REVIEW and not cleaned.get("review_of"):
            self.add_error("review_of", "Select the assessment being reviewed")
        return cleaned


class MakeSeparateForm(GovUKFormMixin, forms.Form):
    submit_label = "Carry out a separate assessment instead"

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "Open this page from the assessment and try again"},
    )


class ApprovalForm(GovUKFormMixin, forms.Form):
    submit_label = "Save decision"

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Do you approve this assessment?",
        choices=[("approve", "Yes, approve it"), ("return", "No, return it to the assessor")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the assessment"},
    )
    reason = forms.CharField(
        label="Reason for returning it",
        help_text="Needed only if you return it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter the reason for returning the assessment")
        return cleaned


class AmendFieldChoiceForm(GovUKFormMixin, forms.Form):
    submit_label = "Continue"

    field = forms.ChoiceField(
        label="Which answer needs correcting?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the answer that needs correcting"},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = choices


class AmendForm(GovUKFormMixin, forms.Form):
    submit_label = "Save correction"

    version = forms.IntegerField(widget=forms.HiddenInput)
    field = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is this being corrected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the correction"},
    )

    def __init__(self, *args, assessment: Assessment, field_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        new_value = field_factories(assessment)[field_name]()
        new_value.label = f"New answer: {new_value.label}"
        if isinstance(new_value, forms.BooleanField):
            new_value = yes_no_field(new_value.label)
        new_value.required = not isinstance(new_value, forms.BooleanField)
        new_value.error_messages["required"] = "Enter the corrected answer"
        self.fields = {
            "version": self.fields["version"],
            "field": self.fields["field"],
            "new_value": new_value,
            "reason": self.fields["reason"],
        }
        self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))
