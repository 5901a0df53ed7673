"""Staff pages for the support in a plan: finding directory services, adding and removing
items, and the referral to each service until its loop closes."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, EDITOR_ROLES
from carers_portal.accounts.services import access_event_record
from carers_portal.pages import (
    paginate,
    query_without_page,
)
from carers_portal.postcodes import postcode_district
from services_directory import selectors as directory
from support_plans import rules, selectors, services
from support_plans.forms import (
    ItemForm,
    ReferralSendForm,
    ReferralStatusForm,
    RemoveItemForm,
    ServiceSearchForm,
)
from support_plans.models import DeliveryMechanism
from support_plans.views.shared import (
    CHANGE,
    form_page,
    plan_or_404,
    submit,
    to_plan,
)


@role_required(*EDITOR_ROLES)
def service_search(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    form = ServiceSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services_found = selectors.service_list_for_carer(
        carer=plan.carer, search=filters.get("q") or "", term_id=filters.get("category")
    )
    page = paginate(request, services_found)
    return render(
        request,
        "support_plans/service_search.html",
        {
            "plan": plan,
            "form": form,
            "categories": directory.category_list(),
            "page_obj": page,
            "query_string": query_without_page(request),
            "carer_age": plan.carer.age(),
            "district": postcode_district(plan.carer.postcode),
        },
    )


@role_required(*EDITOR_ROLES)
def item_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
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
    return form_page(
        request,
        ItemForm(request.POST or None, initial=initial),
        save=lambda data: services.plan_item_add(plan=plan, service=service, **data),
        success=lambda item: f"{item.description} added to the plan",
        done=to_plan(plan),
        template="support_plans/item_form.html",
        context={"plan": plan, "service": service},
    )


@role_required(*EDITOR_ROLES)
def item_remove(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    item = selectors.plan_item_get(plan=plan, item_id=item_id)
    if item is None:
        raise Http404
    return form_page(
        request,
        RemoveItemForm(request.POST or None, initial={"version": plan.version}),
        save=lambda data: services.plan_item_remove(plan=plan, version=data["version"], item=item),
        success=lambda _none: f"{item.description} removed from the plan",
        done=to_plan(plan),
        template="support_plans/plan_action.html",
        context={"plan": plan, "title": f"Remove {item.description} from the plan?"},
    )


@role_required(*EDITOR_ROLES)
def referral_create(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, perm=CHANGE)
    item = selectors.plan_item_get(plan=plan, item_id=item_id)
    if item is None or item.service is None:
        raise Http404
    return form_page(
        request,
        ReferralSendForm(request.POST or None),
        save=lambda data: services.service_referral_send(
            item=item, user=request.user, notes=data["notes"]
        ),
        success=lambda _referral: f"Referral sent to {item.service.name}",
        done=lambda referral: reverse(
            "support_plans:referral-detail", kwargs={"referral_id": referral.pk}
        ),
        template="support_plans/plan_action.html",
        context={"plan": plan, "title": f"Refer the carer to {item.service.name}"},
    )


@role_required(*CASEWORK_ROLES)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.service_referral_get(user=request.user, referral_id=referral_id)
    if referral is None:
        raise Http404
    plan = referral.plan_item.plan
    statuses = rules.referral_next_statuses(referral.status)
    can_edit = request.user.has_perm(CHANGE, plan) and bool(statuses)
    form = None
    status = 200
    if can_edit:
        form = ReferralStatusForm(
            request.POST or None,
            initial={"version": referral.version, "happened_on": timezone.localdate()},
            statuses=statuses,
        )
        if request.method == "POST" and form.is_valid():
            saved, updated, form, status = submit(
                request,
                form,
                lambda data: services.service_referral_status_update(
                    referral=referral,
                    version=data["version"],
                    status=data["status"],
                    happened_on=data["happened_on"],
                    note=data["note"],
                    user=request.user,
                ),
                statuses=statuses,
            )
            if saved:
                messages.success(
                    request, f"Referral marked as {updated.get_status_display().lower()}"
                )
                return redirect("support_plans:referral-detail", referral_id=updated.pk)
    elif request.method == "POST":
        raise Http404
    access_event_record(request=request, obj=referral, carer_id=plan.carer_id)
    return render(
        request,
        "support_plans/referral_detail.html",
        {"referral": referral, "plan": plan, "form": form},
        status=status,
    )
