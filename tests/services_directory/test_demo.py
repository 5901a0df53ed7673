import io

import pytest

from services_directory import demo
from services_directory.models import Contract, FundingStream, Organisation, Service
from services_directory.selectors import service_list_needing_attention

pytestmark = pytest.mark.django_db


def test_demo_directory_is_realistic_and_safe_to_run_twice():
    demo.seed(stdout=io.StringIO())
    counts = (Organisation.objects.count(), Service.objects.count(), Contract.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (
        Organisation.objects.count(),
        Service.objects.count(),
        Contract.objects.count(),
    ) == counts
    assert counts[0] == 10 and counts[1] >= 25
    assert set(Contract.objects.values_list("funding_stream", flat=True)) == set(
        FundingStream.values
    )
    attention = list(service_list_needing_attention())
    assert sum(s.is_at_capacity for s in attention) == 1
    assert sum(s.is_stale for s in attention) >= 3
    assert not Service.objects.filter(taxonomy_terms__isnull=True).exists()
