from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "emergency_response_number": settings.EMERGENCY_RESPONSE_NUMBER,
    }
