import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carers_portal.accounts.access import role_required
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.pages import paginate
from notifications.selectors import outbox_visible_to
from notifications.services import receipt_record


@role_required(*CASEWORK_ROLES, Role.ADMINISTRATOR)
def outbox(request: HttpRequest) -> HttpResponse:
    """Development only: the messages that would have gone through Notify."""
    if settings.NOTIFY_BACKEND != "outbox":
        raise Http404
    page = paginate(request, outbox_visible_to(request.user))
    return render(request, "notifications/outbox.html", {"page_obj": page})


def _bearer_ok(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), expected.encode())


@csrf_exempt
@require_POST
def delivery_receipt(request: HttpRequest) -> HttpResponse:
    """Notify's delivery-status callback, authenticated by the bearer token set in Notify."""
    if not _bearer_ok(request):
        return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
    try:
        payload = json.loads(request.body)
        notify_id, status = str(payload["id"]), str(payload["status"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "Expected JSON with id and status."}, status=400)
    receipt_record(
        notify_id=notify_id, status=status, completed_at=payload.get("completed_at") or None
    )
    return HttpResponse(status=204)
