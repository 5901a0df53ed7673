"""Reporting reads go to the read replica alias only inside reporting_replica()."""

import pytest
from django.db import connections

from carers_portal.db_router import REPLICA, ReportingReplicaRouter, reporting_replica
from reporting.models import ReturnRun
from triage.models import Carer

pytestmark = pytest.mark.django_db(databases=["default", REPLICA])


def _queries_on(alias, block):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connections[alias]) as captured:
        block()
    return len(captured)


def test_reads_inside_the_block_use_the_replica_and_writes_stay_on_the_primary():
    assert _queries_on(REPLICA, lambda: list(ReturnRun.objects.all())) == 0
    with reporting_replica():
        assert _queries_on(REPLICA, lambda: list(Carer.objects.all()[:5])) == 1
        assert ReturnRun.objects.all().db == REPLICA
        assert ReportingReplicaRouter().db_for_write(Carer) == "default"
    assert ReturnRun.objects.all().db == "default"


def test_only_the_primary_is_migrated():
    router = ReportingReplicaRouter()
    assert router.allow_migrate("default", "reporting") is True
    assert router.allow_migrate(REPLICA, "reporting") is False
