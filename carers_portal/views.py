from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import TemplateView

from carers_portal.accounts.access import RoleRequiredMixin
from carers_portal.accounts.roles import Role

ROLE_HOME_URL_NAMES = {
    Role.TRIAGE_WORKER: "home-triage-worker",
    Role.ASSESSOR: "home-assessor",
    Role.TEAM_MANAGER: "home-team-manager",
    Role.COMMISSIONER: "home-commissioner",
    Role.ADMINISTRATOR: "home-administrator",
    Role.RESPONDER: "home-responder",
    Role.CARER: "home-carer",
    Role.REPRESENTATIVE: "online_accounts:acting-for-home",
}


def home(request: HttpRequest) -> HttpResponse:
    """A start page for visitors; signed-in people go on to the home page for their role."""
    if not request.user.is_authenticated:
        return render(request, "pages/start.html")
    return redirect(ROLE_HOME_URL_NAMES[Role(request.user.role)])


class RoleHomeView(RoleRequiredMixin, TemplateView):
    role: Role | None = None

    def get_template_names(self) -> list[str]:
        return [f"home/{self.role.value}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_label"] = self.role.label
        context["teams"] = list(self.request.user.teams.all())
        return context


def role_home(role: Role):
    return RoleHomeView.as_view(role=role, allowed_roles=frozenset({role}))


class AccessibilityStatementView(TemplateView):
    template_name = "pages/accessibility.html"


class PrivacyNoticeView(TemplateView):
    template_name = "pages/privacy.html"
