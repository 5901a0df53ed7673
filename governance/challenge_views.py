"""Challenges to a carer's record (rectification and objection): log, list, decide.

Reached from the carer's record (the governance panel) and from the team tray's task; the
governance lead's list shows every open one. Each page scopes the carer first (out of scope,
restricted records included, is 404) and records what it shows in the access log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.services import access_event_record, access_events_record_many
from carers_portal.keyset import paginate_keyset
from carers_portal.pages import CONFLICT_STATUS, add_service_errors, rebind_after_conflict
from carers_portal.versioning import EditConflict
from governance import selectors, services
from governance.forms import ChallengeDecideForm, ChallengeLogForm
from governance.models import AmendmentKind, ChallengeKind, RecordChallenge
from triage.selectors import carer_list_visible_to

casework_required = role_required(*CASEWORK_ROLES)


def _posted(request: HttpRequest):
    # An empty POST is still an answer to check, so the error summary explains it.
    return request.POST if request.method == "POST" else None


def _carer_for(request: HttpRequest, pk: int):
    carer = get_object_or_404(carer_list_visible_to(request.user), pk=pk)
    if not request.user.has_perm("governance.add_recordchallenge", carer):
        raise Http404
    return carer


@casework_required
def carer_challenges(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    challenges = list(selectors.challenge_list_for_carer(carer=carer))
    access_events_record_many(request=request, objects=challenges)
    return render(
        request,
        "governance/carer_challenges.html",
        {"carer": carer, "challenges": challenges, "today": timezone.localdate()},
    )


@casework_required
def challenge_log(request: HttpRequest, pk: int) -> HttpResponse:
    carer = _carer_for(request, pk)
    choices = selectors.challenge_record_choices(user=request.user, carer=carer)
    form = ChallengeLogForm(_posted(request), record_choices=choices)
    if request.method == "GET":
        access_event_record(request=request, obj=carer, carer_id=carer.pk)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_log(carer=carer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Challenge logged. A decision is due by {challenge.due_on:%-d %B %Y}; "
                "it is in the team's worktray until then.",
            )
            return redirect("governance:carer-challenges", pk=carer.pk)
    return render(
        request,
        "governance/challenge_log.html",
        {"carer": carer, "form": form},
        status=400 if form.errors else 200,
    )


def amendment_url(challenge: RecordChallenge) -> str:
    """Where the correction an upheld rectification names can be read, with its history."""
    record = reverse("triage:carer-detail", kwargs={"pk": challenge.carer_id})
    if challenge.amendment_kind == AmendmentKind.CARER_DETAILS:
        return f"{record}#history"
    if challenge.amendment_kind == AmendmentKind.CASE_NOTE:
        return f"{record}#note-{challenge.amendment_id}"
    assessment_id = selectors.amendment_assessment_id(challenge)
    if assessment_id is None:
        return ""
    return reverse("assessments:detail", args=[assessment_id]) + "#corrections"


@casework_required
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The challenge and its decision; a team manager of the carer's team records it here."""
    challenge = get_object_or_404(selectors.challenge_list_visible_to(request.user), pk=pk)
    if not request.user.has_perm("governance.view_recordchallenge", challenge):
        raise Http404
    may_decide = challenge.is_open and request.user.has_perm(
        "governance.change_recordchallenge", challenge
    )
    if request.method == "POST" and not may_decide:
        raise Http404
    rectification = challenge.kind == ChallengeKind.RECTIFICATION
    form, status, amendments = None, 200, []
    if may_decide:
        if rectification:
            amendments = selectors.amendment_choices(challenge=challenge, user=request.user)
        # No correction to name yet (or an objection): the form has no amendment question.
        form_kwargs = {"amendment_choices": amendments or None}
        form = ChallengeDecideForm(
            _posted(request), initial={"version": challenge.version}, **form_kwargs
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.challenge_decide(
                    challenge=challenge,
                    version=data["version"],
                    decision=data["decision"],
                    reasons=data["decision_reasons"],
                    amendment=data.get("amendment", ""),
                    by=request.user,
                )
            except EditConflict as conflict:
                form = rebind_after_conflict(ChallengeDecideForm, request, conflict, **form_kwargs)
                status = CONFLICT_STATUS
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Decision recorded. The tray's task is done.")
                return redirect("governance:challenge-detail", pk=challenge.pk)
        if form.errors and status == 200:
            status = 400
    if request.method == "GET":
        access_event_record(request=request, obj=challenge, carer_id=challenge.carer_id)
    return render(
        request,
        "governance/challenge_detail.html",
        {
            "challenge": challenge,
            "carer": challenge.carer,
            "form": form,
            "rectification": rectification,
            "no_amendments": may_decide and rectification and not amendments,
            "amendment_url": amendment_url(challenge) if challenge.amendment_kind else "",
            "overdue": challenge.is_overdue(),
        },
        status=status,
    )


@role_required(Role.ADMINISTRATOR)
def challenge_list(request: HttpRequest) -> HttpResponse:
    """The governance lead's list of open challenges across the council, soonest due first."""
    if not selectors.is_governance_lead(request.user):
        raise Http404
    page = paginate_keyset(request, selectors.challenge_list_open(), keys=("due_on", "id"))
    return render(
        request,
        "governance/challenge_list.html",
        {"page": page, "today": timezone.localdate()},
    )
