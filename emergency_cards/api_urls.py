from django.urls import path
from rest_framework.routers import SimpleRouter

from emergency_cards.api import EmergencyCardLookupApi, EmergencyCardViewSet

router = SimpleRouter()
router.register("emergency-cards", EmergencyCardViewSet, basename="emergency-card")

urlpatterns = [
    # Before the router's routes, so "lookup" is never read as a plan id.
    path("emergency-cards/lookup/", EmergencyCardLookupApi.as_view(), name="emergency-card-lookup"),
    *router.urls,
]
