from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from carers_portal import health, views
from carers_portal.accounts.roles import Role
from carers_portal.api import api_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("home/triage-worker/", views.role_home(Role.TRIAGE_WORKER), name="home-triage-worker"),
    path("home/assessor/", views.role_home(Role.ASSESSOR), name="home-assessor"),
    path("home/team-manager/", views.role_home(Role.TEAM_MANAGER), name="home-team-manager"),
    path("home/commissioner/", views.role_home(Role.COMMISSIONER), name="home-commissioner"),
    path("home/administrator/", views.role_home(Role.ADMINISTRATOR), name="home-administrator"),
    path("home/responder/", views.role_home(Role.RESPONDER), name="home-responder"),
    path("my/", views.role_home(Role.CARER), name="home-carer"),
    path("my/details/", include("triage.my_details_urls")),
    path(
        "accessibility/",
        views.AccessibilityStatementView.as_view(),
        name="accessibility-statement",
    ),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy-notice"),
    path("accounts/", include("carers_portal.accounts.urls")),
    path("triage/", include("triage.urls")),
    path("assessments/", include("assessments.urls")),
    path("support-plans/", include("support_plans.urls")),
    path("directory/", include("services_directory.urls")),
    path("openreferral/", include("services_directory.oruk_urls")),
    path("emergency-cards/", include("emergency_cards.urls")),
    path("reporting/", include("reporting.urls")),
    path("governance/", include("governance.urls")),
    path("notifications/", include("notifications.urls")),
    # Invitations, the public /activate/ pages and people acting for a carer.
    path("", include("online_accounts.urls")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler404 = "carers_portal.errors.not_found"
handler500 = "carers_portal.errors.server_error"
