"""Open Referral UK v3.0 endpoints, mounted at /openreferral/. Paths follow the ORUK
OpenAPI document (no trailing slashes)."""

from django.urls import path

from services_directory import oruk_views

app_name = "oruk"

urlpatterns = [
    path("", oruk_views.RootView.as_view(), name="root"),
    path("services", oruk_views.ServiceListView.as_view(), name="service-list"),
    path(
        "services/<str:service_id>", oruk_views.ServiceDetailView.as_view(), name="service-detail"
    ),
    path("taxonomies", oruk_views.TaxonomyListView.as_view(), name="taxonomy-list"),
    path(
        "taxonomies/<str:taxonomy_id>",
        oruk_views.TaxonomyDetailView.as_view(),
        name="taxonomy-detail",
    ),
    path("taxonomy_terms", oruk_views.TaxonomyTermListView.as_view(), name="taxonomy-term-list"),
    path(
        "taxonomy_terms/<str:term_id>",
        oruk_views.TaxonomyTermDetailView.as_view(),
        name="taxonomy-term-detail",
    ),
    path(
        "service_at_locations",
        oruk_views.ServiceAtLocationListView.as_view(),
        name="service-at-location-list",
    ),
    path(
        "service_at_locations/<str:service_at_location_id>",
        oruk_views.ServiceAtLocationDetailView.as_view(),
        name="service-at-location-detail",
    ),
    # Unnamed on purpose: not a route anyone links to, only the JSON 404 for mistakes.
    path("<path:unknown>", oruk_views.UnknownPathView.as_view()),
]
