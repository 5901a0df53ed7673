"""What the support plan pages share: the scoped, permission-checked plan, what a page shows
of it, its PDF, and how a save's outcome reaches the form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import (
    CONFLICT_STATUS,
    add_service_errors,
    rebind_after_conflict,
)
from carers_portal.versioning import EditConflict
from support_plans import selectors, services
from support_plans.exceptions import PlanError
from support_plans.models import SupportPlan
from support_plans.pdf import support_plan_pdf

CHANGE = "support_plans.change_supportplan"


def plan_or_404(
    request: HttpRequest, plan_id: int, *, perm: str = "support_plans.view_supportplan"
) -> SupportPlan:
    """One plan in the user's scope on which they hold `perm`; otherwise 404."""
    plan = selectors.support_plan_get(user=request.user, plan_id=plan_id)
    if plan is None or not request.user.has_perm(perm, plan):
        raise Http404
    return plan


def submit(request: HttpRequest, form, save: Callable[[dict], Any], **form_kwargs):
    """Run `save(cleaned_data)` -> (saved, result, form, status). A refusal goes on the form;
    a lost edit race is the conflict page's form, keeping what was typed (409)."""
    try:
        result = save(form.cleaned_data)
    except EditConflict as conflict:
        return (
            False,
            None,
            rebind_after_conflict(type(form), request, conflict, **form_kwargs),
            (CONFLICT_STATUS),
        )
    except (PlanError, ValidationError) as error:
        add_service_errors(form, error)
        return False, None, form, 200
    return True, result, form, 200


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[dict], Any],
    success: Callable[[Any], str],
    done: Callable[[Any], str],
    template: str,
    context: dict,
    **form_kwargs,
) -> HttpResponse:
    """A plan form page: on a valid POST, `save`; then `success(result)` is the message and
    `done(result)` the next page. Otherwise the page again, with the reasons."""
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, result, form, status = submit(request, form, save, **form_kwargs)
        if saved:
            messages.success(request, success(result))
            return redirect(done(result))
    return render(request, template, {**context, "form": form}, status=status)


def to_plan(plan: SupportPlan) -> Callable[[Any], str]:
    return lambda _result: reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})


def contact_details(item) -> list[tuple[str, str, str]]:
    """(label, text, link) for a directory service: people, phones, emails and website, each
    once. Uses only prefetched rows."""
    service = item.service
    if service is None:
        return []
    details: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(label: str, text: str, link: str = "") -> None:
        if text and text.lower() not in seen:
            seen.add(text.lower())
            details.append((label, text, link))

    for contact in service.contacts.all():
        add("Contact", ", ".join(filter(None, [contact.name, contact.title])))
        for phone in contact.phones.all():
            number = f"{phone.number} ({phone.description})" if phone.description else phone.number
            add("Phone", number)
        add("Email", contact.email, f"mailto:{contact.email}")
    add("Email", service.email, f"mailto:{service.email}")
    website = service.url or service.organisation.website
    add("Website", website, website)
    return details


def plan_context(plan: SupportPlan) -> dict:
    budget = services.support_plan_budget(plan=plan)
    items = list(plan.items.all())
    for item in items:
        item.contact_details = contact_details(item)
    return {
        "plan": plan,
        "items": items,
        "carer_items": [item for item in items if not item.for_cared_for_person],
        "replacement_items": [item for item in items if item.for_cared_for_person],
        "budget": budget,
    }


def pdf_response(request: HttpRequest, plan: SupportPlan) -> HttpResponse:
    access_event_record(
        request=request, obj=plan, carer_id=plan.carer_id, action=AccessEvent.Action.DOWNLOAD
    )
    pdf = support_plan_pdf(request=request, context=plan_context(plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="support-plan-{plan.reference}.pdf"'
    return response
