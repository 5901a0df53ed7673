"""Administrators add staff, change their role and teams, deactivate leavers and reset a
person's two-step sign-in. Each change is recorded (AccountEvent)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carers_portal.accounts import staff
from carers_portal.accounts.access import role_required
from carers_portal.accounts.forms import ConfirmActionForm, StaffInviteForm, StaffRoleTeamsForm
from carers_portal.accounts.models import AccountEvent, User
from carers_portal.accounts.roles import PORTAL_ROLES, Role
from carers_portal.pages import add_service_errors, paginate

admin_required = role_required(Role.ADMINISTRATOR)


def _staff_member(pk: int) -> User:
    return get_object_or_404(User.objects.exclude(role__in=PORTAL_ROLES), pk=pk)


@admin_required
def staff_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = User.objects.exclude(role__in=PORTAL_ROLES).prefetch_related("teams")
    if query:
        people = people.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    page = paginate(request, people.order_by("-is_active", "last_name", "first_name", "id"))
    return render(request, "accounts/staff_list.html", {"page_obj": page, "query": query})


@admin_required
def staff_add(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = staff.staff_invite(
                by=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=Role(data["role"]),
                teams=list(data["teams"]),
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person} has been added and sent an invitation.")
            return redirect("accounts:staff-detail", pk=person.pk)
    return render(request, "accounts/staff_add.html", {"form": form})


@admin_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _staff_member(pk)
    form = StaffRoleTeamsForm(
        request.POST or None,
        initial={"role": person.role, "teams": list(person.teams.all())},
    )
    if request.method == "POST" and person.is_active and form.is_valid():
        try:
            staff.staff_update(
                by=request.user,
                user=person,
                role=Role(form.cleaned_data["role"]),
                teams=list(form.cleaned_data["teams"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The changes have been saved.")
            return redirect("accounts:staff-detail", pk=person.pk)
    events = AccountEvent.objects.filter(subject=person).select_related("actor")[:50]
    return render(
        request, "accounts/staff_detail.html", {"person": person, "form": form, "events": events}
    )


def _confirm(request, pk, *, template, action, done):
    person = _staff_member(pk)
    form = ConfirmActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action(by=request.user, user=person)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done.format(person=person))
            return redirect("accounts:staff-detail", pk=person.pk)
    return render(request, template, {"person": person, "form": form})


@admin_required
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        template="accounts/staff_deactivate.html",
        action=staff.staff_deactivate,
        done="{person} can no longer sign in. Their sessions and API tokens have ended.",
    )


@admin_required
def staff_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        template="accounts/staff_second_factor_reset.html",
        action=staff.second_factor_reset,
        done="{person} will set up two-step sign-in again when they next sign in.",
    )
