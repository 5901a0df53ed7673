import pytest
from django.db import InternalError, transaction
from django.test import RequestFactory

from carers_portal.accounts.models import AccessEvent
from carers_portal.accounts.services import access_event_record

pytestmark = pytest.mark.django_db


def test_access_events_cannot_be_changed_or_deleted(world):
    request = RequestFactory().get("/triage/carers/1/")
    request.user = world.user("assessor")
    event = access_event_record(request=request, obj=world.carer_a, carer_id=world.carer_a.pk)
    with pytest.raises(InternalError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(InternalError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.get(pk=event.pk).reason == ""
