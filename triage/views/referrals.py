"""A referral's pages: adding one, its record, linking a carer, triage, decision, closing."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers_portal.accounts.selectors import team_ids_for
from carers_portal.accounts.services import access_event_record
from carers_portal.versioning import EditConflict
from triage import rules, selectors, services
from triage.exceptions import TriageNotReady
from triage.forms import (
    CloseReferralForm,
    StaffReferralForm,
    TriageAnswersForm,
    TriageDecisionForm,
)
from triage.models import ReferralStatus
from triage.views.common import (
    casework_required,
    referral_for,
    version_from_post,
    versioned_form_post,
)


@casework_required
def referral_create(request: HttpRequest) -> HttpResponse:
    form = StaffReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(
            **{name: value for name, value in form.cleaned_data.items() if value is not None}
        )
        if referral.team_id not in team_ids_for(request.user):
            messages.success(
                request,
                f"Referral {referral.reference} added to the {referral.team} triage queue.",
            )
            return redirect("triage:queue")
        messages.success(request, f"Referral {referral.reference} added to the triage queue.")
        return redirect("triage:referral-detail", reference=referral.reference)
    return render(request, "triage/referral_form.html", {"form": form})


@casework_required
def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    access_event_record(request=request, obj=referral, carer_id=referral.carer_id)
    candidates, hidden = ([], 0)
    if referral.carer_id is None:
        candidates, hidden = selectors.carer_duplicate_candidates(
            referral=referral, user=request.user
        )
    return render(
        request,
        "triage/referral_detail.html",
        {
            "referral": referral,
            "candidates": candidates,
            "hidden_matches": hidden,
            "breaches": selectors.referral_breaches_for(referral),
            "days": (timezone.localdate() - timezone.localdate(referral.received_at)).days,
            "history": selectors.referral_history(referral),
            "tasks": list(referral.tasks.select_related("assigned_to").order_by("-id")[:10]),
        },
    )


@casework_required
@require_POST
def referral_link(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    carer = get_object_or_404(
        selectors.carer_list_visible_to(request.user), pk=request.POST.get("carer") or 0
    )
    try:
        services.referral_link_carer(
            referral=referral, carer=carer, version=version_from_post(request)
        )
    except EditConflict as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Referral linked to the existing record for {carer}.")
    return redirect("triage:referral-detail", reference=referral.reference)


@casework_required
@require_POST
def referral_carer_create(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    try:
        referral = services.referral_carer_create(
            referral=referral, version=version_from_post(request)
        )
    except (EditConflict, TriageNotReady) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"New carer record created for {referral.carer}.")
    return redirect("triage:referral-detail", reference=referral.reference)


@casework_required
def referral_close(request: HttpRequest, reference: str) -> HttpResponse:
    """A question page: closing ends the carer's referral, so the reason is recorded."""
    referral = referral_for(request, reference)
    if referral.status == ReferralStatus.CLOSED:
        return redirect("triage:referral-detail", reference=referral.reference)

    def save(data):
        services.referral_close(
            referral=referral, version=data["version"], reason=data["reason"], detail=data["detail"]
        )

    try:
        post = versioned_form_post(
            request, CloseReferralForm, initial={"version": referral.version}, save=save
        )
    except TriageNotReady as error:
        messages.error(request, str(error))
        return redirect("triage:referral-detail", reference=referral.reference)
    if post.saved:
        messages.success(request, f"Referral {referral.reference} closed.")
        return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request,
        "triage/referral_close.html",
        {"form": post.form, "referral": referral},
        status=post.status,
    )


@casework_required
def referral_triage(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    if referral.status == ReferralStatus.CLOSED:
        raise Http404
    initial = {
        "version": referral.version,
        "caring_hours": referral.triage_caring_hours or referral.caring_hours,
        "health_impact": referral.health_impact,
        "breakdown_risk": referral.breakdown_risk,
        "carer_hospital_admission": {True: "yes", False: "no"}.get(
            referral.carer_hospital_admission
        ),
        "urgency": referral.urgency,
        "notes": referral.triage_notes,
    }

    def save(data):
        services.referral_triage_record(
            referral=referral,
            version=data["version"],
            caring_hours=data["caring_hours"],
            health_impact=data["health_impact"],
            breakdown_risk=data["breakdown_risk"],
            carer_hospital_admission=data["carer_hospital_admission"],
            urgency=data["urgency"],
            notes=data["notes"],
        )

    post = versioned_form_post(request, TriageAnswersForm, initial=initial, save=save)
    if post.saved:
        return redirect("triage:referral-decision", reference=referral.reference)
    return render(
        request,
        "triage/triage_form.html",
        {"form": post.form, "referral": referral},
        status=post.status,
    )


@casework_required
def referral_decision(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_for(request, reference)
    if not referral.proposed_priority or referral.status == ReferralStatus.CLOSED:
        return redirect("triage:referral-triage", reference=referral.reference)
    proposal = rules.triage_proposal(
        rules.TriageAnswers(
            caring_hours=referral.triage_caring_hours,
            health_impact=referral.health_impact,
            breakdown_risk=referral.breakdown_risk,
            carer_hospital_admission=bool(referral.carer_hospital_admission),
            urgency=referral.urgency,
        )
    )
    proposed = (referral.proposed_priority, referral.proposed_pathway)
    initial = {
        "version": referral.version,
        "priority": referral.priority or referral.proposed_priority,
        "pathway": referral.pathway or referral.proposed_pathway,
        "override_reason": referral.override_reason,
    }

    def save(data):
        services.referral_triage_complete(
            referral=referral,
            version=data["version"],
            priority=data["priority"],
            pathway=data["pathway"],
            override_reason=data["override_reason"],
            by=request.user,
        )

    post = versioned_form_post(
        request,
        TriageDecisionForm,
        initial=initial,
        save=save,
        refusals=(TriageNotReady,),
        proposed=proposed,
    )
    if post.saved:
        messages.success(request, f"Triage of {referral.reference} completed.")
        return redirect("triage:referral-detail", reference=referral.reference)
    return render(
        request,
        "triage/decision_form.html",
        {"form": post.form, "referral": referral, "proposal": proposal},
        status=post.status,
    )
