"""The public referral form: a question a page, check answers, then the reference.

No sign-in. Answers live in the session until the check-answers page submits them; each
submit is throttled per client.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carers_portal.forms import autocomplete_own_details
from triage import services
from triage.forms import (
    CarerDetailsForm,
    CaringForm,
    ContactForm,
    ReasonForm,
    ReferrerForm,
    SourceForm,
)
from triage.models import ReferralSource
from triage.throttle import throttle_allows

SESSION_KEY = "triage_self_referral"
SESSION_REFERENCE_KEY = "triage_self_referral_reference"
SESSION_URGENT_KEY = "triage_self_referral_urgent"


class Step:
    def __init__(self, slug: str, form_class, title: str, *, heading_in_form: bool = False):
        self.slug, self.form_class, self.title = slug, form_class, title
        self.heading_in_form = heading_in_form
        self.caption = "Refer a carer"


STEPS = [
    Step("who", SourceForm, "Who is making this referral?", heading_in_form=True),
    Step("referrer", ReferrerForm, "Your details"),
    Step("carer", CarerDetailsForm, "About the carer"),
    Step("contact", ContactForm, "The carer's address and contact details"),
    Step("caring", CaringForm, "About the caring"),
    Step("reason", ReasonForm, "What help is needed"),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _answers(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def _applicable_steps(answers: dict) -> list[Step]:
    is_self = answers.get("who", {}).get("source") == ReferralSource.SELF
    return [step for step in STEPS if not (step.slug == "referrer" and is_self)]


def _bound_step_form(step: Step, answers: dict):
    data = answers.get(step.slug)
    return step.form_class(data=data) if data is not None else None


def _first_incomplete(answers: dict) -> Step | None:
    for step in _applicable_steps(answers):
        form = _bound_step_form(step, answers)
        if form is None or not form.is_valid():
            return step
    return None


# The session keeps only the step's own fields, each capped: anything else a client posts
# would otherwise sit in the session store for its whole lifetime.
MAX_ANSWER_LENGTH = 5000


def _step_answers(form, data) -> dict:
    answers = {}
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        suffixes = getattr(field.widget, "widgets_names", None) or [""]
        for key in (html_name + suffix for suffix in suffixes):
            values = [value[:MAX_ANSWER_LENGTH] for value in data.getlist(key)[:50]]
            if values:
                answers[key] = values if len(values) > 1 else values[0]
    return answers


def _own_details(step: Step, answers: dict) -> bool:
    """Whether the step asks the person at the keyboard about themselves: the referrer's own
    details, or the carer's when the carer is referring themselves."""
    if step.slug == "referrer":
        return True
    is_self = answers.get("who", {}).get("source") == ReferralSource.SELF
    return is_self and step.slug in ("carer", "contact")


def _throttled(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/public/too_many_requests.html", status=429)


def referral_start(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/public/start.html")


def referral_step(request: HttpRequest, step: str) -> HttpResponse:
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    answers = _answers(request)
    steps = _applicable_steps(answers)
    if current not in steps:
        return redirect("triage:referral-check")
    # Questions are answered in order: an earlier unanswered page comes first.
    index = steps.index(current)
    for earlier in steps[:index]:
        form = _bound_step_form(earlier, answers)
        if form is None or not form.is_valid():
            return redirect("triage:referral-step", step=earlier.slug)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        if not throttle_allows(request, scope="public-step"):
            return _throttled(request)
        form = current.form_class(data=request.POST)
        if form.is_valid():
            answers[current.slug] = _step_answers(form, request.POST)
            request.session[SESSION_KEY] = answers
            incomplete = _first_incomplete(answers)
            if changing:
                if incomplete is None:
                    return redirect("triage:referral-check")
                return redirect(
                    reverse("triage:referral-step", kwargs={"step": incomplete.slug}) + "?change=1"
                )
            steps = _applicable_steps(answers)
            position = steps.index(current)
            if position + 1 < len(steps):
                return redirect("triage:referral-step", step=steps[position + 1].slug)
            return redirect("triage:referral-check")
    else:
        form = _bound_step_form(current, answers) or current.form_class()
    if _own_details(current, answers):
        autocomplete_own_details(form, form.OWN_DETAILS)
    back = (
        reverse("triage:referral-check")
        if changing
        else (
            reverse("triage:referral-step", kwargs={"step": steps[index - 1].slug})
            if index > 0
            else reverse("triage:referral-start")
        )
    )
    return render(
        request,
        "triage/public/question.html",
        {"form": form, "step": current, "back_url": back},
    )


def _display_value(field, value) -> str:
    if value in (None, ""):
        return "Not given"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


def _check_answer_sections(answers: dict) -> tuple[list[dict], dict]:
    sections, cleaned = [], {}
    for step in _applicable_steps(answers):
        form = _bound_step_form(step, answers)
        form.is_valid()
        rows = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            cleaned[name] = value
            rows.append(
                {
                    "label": field.label,
                    "value": _display_value(field, value),
                    "change_url": reverse("triage:referral-step", kwargs={"step": step.slug})
                    + f"?change=1#id_{name}",
                }
            )
        sections.append({"title": step.title, "rows": rows})
    return sections, cleaned


def referral_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    incomplete = _first_incomplete(answers)
    if incomplete is not None:
        if not answers:
            return redirect("triage:referral-start")
        return redirect("triage:referral-step", step=incomplete.slug)
    sections, cleaned = _check_answer_sections(answers)
    if request.method == "POST":
        if not throttle_allows(request, scope="public-submit"):
            return _throttled(request)
        referral = services.referral_create(
            **{name: value for name, value in cleaned.items() if value is not None}
        )
        del request.session[SESSION_KEY]
        request.session[SESSION_REFERENCE_KEY] = referral.reference
        request.session[SESSION_URGENT_KEY] = referral.urgent_at_intake
        return redirect("triage:referral-complete")
    back_url = reverse("triage:referral-step", kwargs={"step": _applicable_steps(answers)[-1].slug})
    return render(
        request, "triage/public/check_answers.html", {"sections": sections, "back_url": back_url}
    )


def referral_complete(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_REFERENCE_KEY)
    if not reference:
        return redirect("triage:referral-start")
    return render(
        request,
        "triage/public/complete.html",
        {"reference": reference, "urgent": request.session.get(SESSION_URGENT_KEY, False)},
    )
