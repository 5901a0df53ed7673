"""Every date error in the error summary is also beside the date, in the same words.

crispy-forms-gds links the summary to each box's own error ("Enter a valid year") while a
field that reworded the whole date's error showed only its own message beside the boxes, so
the summary named a problem the field did not. Every date field in the service's forms is
bound here with what people mistype and rendered as a page renders it.
"""

import copy
import importlib
import inspect
import pathlib
import re

import pytest
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.template import Context, Template

from assessments.questions import GovDateField
from carers_portal.forms import GovUKFormMixin

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("triage", "assessments", "support_plans", "emergency_cards", "reporting", "governance")
MISTYPED = {
    "letters in the day": ("x", "2", "2021"),
    "letters in the year": ("1", "3", "20a1"),
    "no such month": ("1", "13", "2021"),
    "no such day": ("31", "2", "2021"),
    "only a month": ("", "3", ""),
}
PAGE = Template(
    '{% load crispy_forms_tags %}{% include "partials/error_summary.html" %}{% crispy form %}'
)


def _form_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*form*.py")):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts)


def date_fields() -> dict[str, DateInputField]:
    found = {}
    for module_name in _form_modules():
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module_name:
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, DateInputField):
                    found[f"{module_name}.{name}.{field_name}"] = field
    # Assessment questions are built per assessment; their date field is this one.
    found["assessments.questions.declined_on"] = GovDateField(
        name="the date the carer declined", required=False, require_all_fields=False
    )
    return found


def test_the_service_has_date_fields_to_check():
    assert len(date_fields()) >= 10


def _texts(html: str, pattern: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in re.findall(pattern, html, re.S)]


@pytest.mark.parametrize("mistake", sorted(MISTYPED))
@pytest.mark.parametrize("where", sorted(date_fields()))
def test_each_date_error_in_the_summary_is_beside_the_date(where, mistake):
    field = copy.deepcopy(date_fields()[where])
    form_class = type("DateForm", (GovUKFormMixin, forms.Form), {"when": field})
    day, month, year = MISTYPED[mistake]
    form = form_class(data={"when_0": day, "when_1": month, "when_2": year})
    assert not form.is_valid(), f"{where} accepted {MISTYPED[mistake]}"
    html = PAGE.render(Context({"form": form}))

    summary, _, rest = html.partition('<div class="govuk-error-summary__body">')[2].partition(
        "</ul>"
    )
    messages = _texts(summary, r"<li><a [^>]*>(.*?)</a></li>")
    # Beside the field, GOV.UK prefixes each message with a hidden "Error:".
    beside = " ".join(re.sub(r"<[^>]+>", " ", rest).split())
    assert messages, "no error in the summary"
    for message in messages:
        assert f"Error: {message}" in beside, f"{message!r} is in the summary, not beside the date"
