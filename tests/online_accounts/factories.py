import datetime

from django.utils import timezone

from online_accounts.models import ActingFor, ConsentSource


def acting_for(world, *, carer=None, user=None, **values) -> ActingFor:
    """A live grant: the world's representative may read carer A's plan and card."""
    carer = carer or world.carer_a
    user = user or world.user("representative")
    grant, _ = ActingFor.objects.get_or_create(
        carer=carer,
        user=user,
        defaults={
            "first_name": "Rita",
            "last_name": "Reed",
            "relationship": "Daughter",
            "email": "rita@example.org",
            "expires_on": timezone.localdate() + datetime.timedelta(days=365),
            "consent": ConsentSource.CARER_ONLINE,
            "created_by": carer.user or world.user("triage_worker"),
            **values,
        },
    )
    return grant
