"""Support plan pages for staff and for carers. Views parse input and call services and
selectors; out-of-scope records are 404."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import access_event_record
from support_plans import rules, selectors, services
from support_plans.exceptions import PlanError
from support_plans.forms import (
    AgreementForm,
    ItemForm,
    PlanCreateForm,
    PlanFilterForm,
    PlanForm,
    ReferralSendForm,
    ReferralStatusForm,
    RemoveItemForm,
    ReviewRequestForm,
    ServiceSearchForm,
    StatusForm,
)
from support_plans.models import DeliveryMechanism, PlanStatus, SupportPlan
from support_plans.pdf import support_plan_pdf

PAGE_SIZE = 25
STAFF = (Role.TRIAGE_WORKER, Role.ASSESSOR, Role.TEAM_MANAGER)
EDITORS = (Role.ASSESSOR, Role.TEAM_MANAGER)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _plan_or_404(request: HttpRequest, plan_id: int) -> SupportPlan:
    plan = selectors.support_plan_get(user=request.user, plan_id=plan_id)
    if plan is None:
        raise Http404
    return plan


def _form_error(form, error: PlanError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _contact_details(item) -> list[tuple[str, str, str]]:
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


def _plan_context(plan: SupportPlan) -> dict:
    budget = services.support_plan_budget(plan=plan)
    items = list(plan.items.all())
    for item in items:
        item.contact_details = _contact_details(item)
    return {
        "plan": plan,
        "items": items,
        "carer_items": [item for item in items if not item.for_cared_for_person],
        "replacement_items": [item for item in items if item.for_cared_for_person],
        "budget": budget,
    }


# --- Staff -------------------------------------------------------------------------------


@role_required(*STAFF)
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    plans = selectors.support_plan_list(user=request.user, status=status or None)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support_plans/plan_list.html",
        {
            "filter_form": form,
            "status": status,
            "statuses": PlanStatus.choices,
            "page_obj": page,
            "query_string": _query_without_page(request),
            "can_edit": request.user.role in EDITORS,
        },
    )


@role_required(*EDITORS)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessment_list_ready_for_plan(user=request.user)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support_plans/assessment_list.html",
        {"page_obj": page, "query_string": _query_without_page(request)},
    )


@role_required(*EDITORS)
def plan_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_plan(user=request.user, assessment_id=assessment_id)
    if assessment is None:
        raise Http404
    form = PlanCreateForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.support_plan_create(
                assessment=assessment, user=request.user, starts_on=form.cleaned_data["starts_on"]
            )
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Draft support plan created")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    access_event_record(request=request, obj=assessment, carer_id=assessment.carer_id)
    return render(
        request, "support_plans/plan_create.html", {"assessment": assessment, "form": form}
    )


@role_required(*STAFF)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id)
    context = _plan_context(plan)
    context.update(
        can_edit=request.user.role in EDITORS,
        transitions=rules.transitions_from(plan.status),
    )
    return render(request, "support_plans/plan_detail.html", context)


@role_required(*EDITORS)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not plan.is_editable:
        messages.info(request, "Start a review before you change an agreed or active plan")
        return redirect("support_plans:plan-detail", plan_id=plan.pk)
    initial = {name: getattr(plan, name) for name in services.PLAN_DETAIL_FIELDS}
    initial["version"] = plan.version
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.support_plan_update(plan=plan, version=version, user=request.user, **data)
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Support plan saved")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "support_plans/plan_form.html",
        {"plan": plan, "form": form, "title": "Change the support plan"},
    )


@role_required(*EDITORS)
def service_search(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    form = ServiceSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services_found = selectors.service_list_for_carer(
        carer=plan.carer, search=filters.get("q") or "", term_id=filters.get("category")
    )
    page = Paginator(services_found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support_plans/service_search.html",
        {
            "plan": plan,
            "form": form,
            "categories": selectors.taxonomy_term_list(),
            "page_obj": page,
            "query_string": _query_without_page(request),
            "carer_age": plan.carer.age(),
            "district": selectors.postcode_district(plan.carer.postcode),
        },
    )


@role_required(*EDITORS)
def item_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not plan.is_editable:
        messages.info(request, "Start a review before you change an agreed or active plan")
        return redirect("support_plans:plan-detail", plan_id=plan.pk)
    service = None
    service_id = request.GET.get("service") or request.POST.get("service")
    if service_id:
        service = selectors.service_get_for_carer(carer=plan.carer, service_id=service_id)
        if service is None:
            raise Http404
    initial = {
        "version": plan.version,
        "starts_on": max(plan.starts_on, timezone.localdate()),
        "description": service.name if service else "Information and advice",
        "delivery_mechanism": (
            DeliveryMechanism.COMMISSIONED if service else DeliveryMechanism.INFORMATION_ADVICE
        ),
    }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_item_add(plan=plan, version=version, service=service, **data)
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{data['description']} added to the plan")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "support_plans/item_form.html",
        {"plan": plan, "form": form, "service": service},
    )


@role_required(*EDITORS)
def item_remove(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    item = selectors.plan_item_get(plan=plan, item_id=item_id)
    if item is None:
        raise Http404
    form = RemoveItemForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_remove(plan=plan, version=form.cleaned_data["version"], item=item)
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{item.description} removed from the plan")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "support_plans/plan_action.html",
        {
            "plan": plan,
            "form": form,
            "title": f"Remove {item.description} from the plan?",
        },
    )


@role_required(*EDITORS)
def plan_agreement(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    form = AgreementForm(
        request.POST or None,
        initial={"version": plan.version, "agreed_on": plan.agreed_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_record_agreement(
                plan=plan,
                version=form.cleaned_data["version"],
                agreed_on=form.cleaned_data["agreed_on"],
                method=form.cleaned_data["method"],
            )
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The carer's agreement has been recorded")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "support_plans/plan_action.html",
        {"plan": plan, "form": form, "title": "Record the carer's agreement"},
    )


@role_required(*EDITORS)
def plan_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    choices = [(t.target, t.label) for t in rules.transitions_from(plan.status)]
    if not choices:
        raise Http404
    form = StatusForm(request.POST or None, initial={"version": plan.version}, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_transition(
                plan=plan,
                version=form.cleaned_data["version"],
                target=form.cleaned_data["target"],
                user=request.user,
            )
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The plan is now {plan.get_status_display().lower()}")
            return redirect("support_plans:plan-detail", plan_id=plan.pk)
    return render(
        request,
        "support_plans/plan_action.html",
        {"plan": plan, "form": form, "title": "Change the plan's status"},
    )


def _pdf_response(request: HttpRequest, plan: SupportPlan) -> HttpResponse:
    access_event_record(
        request=request, obj=plan, carer_id=plan.carer_id, action=AccessEvent.Action.DOWNLOAD
    )
    pdf = support_plan_pdf(request=request, context=_plan_context(plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="support-plan-{plan.reference}.pdf"'
    return response


@role_required(*STAFF)
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _pdf_response(request, _plan_or_404(request, plan_id))


@role_required(*EDITORS)
def referral_create(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    item = selectors.plan_item_get(plan=plan, item_id=item_id)
    if item is None or item.service is None:
        raise Http404
    form = ReferralSendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.service_referral_send(
                item=item, user=request.user, notes=form.cleaned_data["notes"]
            )
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Referral sent to {item.service.name}")
            return redirect("support_plans:referral-detail", referral_id=referral.pk)
    return render(
        request,
        "support_plans/plan_action.html",
        {"plan": plan, "form": form, "title": f"Refer the carer to {item.service.name}"},
    )


@role_required(*STAFF)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.service_referral_get(user=request.user, referral_id=referral_id)
    if referral is None:
        raise Http404
    plan = referral.plan_item.plan
    statuses = rules.referral_next_statuses(referral.status)
    can_edit = request.user.role in EDITORS and bool(statuses)
    form = None
    if can_edit:
        form = ReferralStatusForm(
            request.POST or None,
            initial={"version": referral.version, "happened_on": timezone.localdate()},
            statuses=statuses,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.service_referral_status_update(
                    referral=referral,
                    version=form.cleaned_data["version"],
                    status=form.cleaned_data["status"],
                    happened_on=form.cleaned_data["happened_on"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except PlanError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request, f"Referral marked as {referral.get_status_display().lower()}"
                )
                return redirect("support_plans:referral-detail", referral_id=referral.pk)
    elif request.method == "POST":
        raise Http404
    access_event_record(request=request, obj=referral, carer_id=plan.carer_id)
    return render(
        request,
        "support_plans/referral_detail.html",
        {"referral": referral, "plan": plan, "form": form},
    )


# --- Carers ------------------------------------------------------------------------------


@role_required(Role.CARER)
def my_plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.support_plan_list_for_carer_user(user=request.user))
    return render(request, "support_plans/my_plan_list.html", {"plans": plans})


@role_required(Role.CARER)
def my_plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    access_event_record(request=request, obj=plan, carer_id=plan.carer_id)
    context = _plan_context(plan)
    context["review_contact"] = selectors.review_contact_for(plan)
    context["worker"] = services.plan_worker(plan)
    context["team_phone"] = plan.carer.team.phone or settings.SERVICE_PHONE_NUMBER
    return render(request, "support_plans/my_plan_detail.html", context)


@role_required(Role.CARER)
def my_plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _pdf_response(request, _plan_or_404(request, plan_id))


def _review_contact_message(plan) -> str:
    contact = selectors.review_contact_for(plan)
    who = contact.worker_name or f"Someone from {contact.team_name}"
    when = f" by {contact.contact_by:%A %-d %B %Y}" if contact.contact_by else " soon"
    return (
        f"You have asked for a review. {who} will contact you{when}. "
        f"If you need to talk before then, call {contact.team_phone}."
    )


@role_required(Role.CARER)
def my_plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_review_request(
                plan=plan, reason=form.cleaned_data["reason"], user=request.user
            )
        except PlanError as error:
            _form_error(form, error)
        else:
            messages.success(request, _review_contact_message(plan))
            return redirect("support_plans:my-plan", plan_id=plan.pk)
    return render(request, "support_plans/my_plan_review.html", {"plan": plan, "form": form})
