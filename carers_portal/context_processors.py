from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "emergency_response_number": settings.EMERGENCY_RESPONSE_NUMBER,
        "idle_timeout_seconds": settings.STAFF_IDLE_TIMEOUT_SECONDS,
        "idle_warning_seconds": min(
            settings.IDLE_TIMEOUT_WARNING_SECONDS, settings.STAFF_IDLE_TIMEOUT_SECONDS
        ),
    }
