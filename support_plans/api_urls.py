from rest_framework.routers import SimpleRouter

from support_plans.api import SupportPlanViewSet

router = SimpleRouter()
router.register("support-plans", SupportPlanViewSet, basename="support-plan")

urlpatterns = [*router.urls]
