from rest_framework.routers import SimpleRouter

from assessments.api import AssessmentViewSet

router = SimpleRouter()
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
