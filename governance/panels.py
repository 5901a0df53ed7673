"""The carer's record's section for information governance: challenges and restriction."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from governance.selectors import challenge_counts_for_carer
from triage.models import Carer
from triage.restrictions import CarerRestriction


def carer_governance_panel(request: HttpRequest, carer: Carer) -> SafeString:
    restricted = CarerRestriction.objects.filter(carer=carer, lifted_at__isnull=True).exists()
    # The template engine escapes what it renders and returns it as safe.
    return render_to_string(
        "governance/partials/_carer_governance.html",
        {
            "carer": carer,
            "counts": challenge_counts_for_carer(carer=carer),
            "restricted": restricted,
        },
        request=request,
    )
