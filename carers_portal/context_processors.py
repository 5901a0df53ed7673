from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "emergency_response_number": settings.EMERGENCY_RESPONSE_NUMBER,
        "service_phone_number": settings.SERVICE_PHONE_NUMBER,
        "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        "retention_years": settings.RECORDS_RETENTION_YEARS,
        "idle_timeout_seconds": settings.STAFF_IDLE_TIMEOUT_SECONDS,
        "idle_warning_seconds": min(
            settings.IDLE_TIMEOUT_WARNING_SECONDS, settings.STAFF_IDLE_TIMEOUT_SECONDS
        ),
    }
