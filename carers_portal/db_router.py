"""Reporting reads on a read replica, when one is configured (DATABASE_REPLICA_URL).

Dashboards and returns scan millions of rows; on a replica they cannot slow casework down.
Code opts in per block, so only reads that tolerate replication lag (seconds) go there:

    with reporting_replica():
        figures = selectors.ni135_for_year(...)

Writes, and every read outside such a block, stay on the primary.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

REPLICA = "reporting_replica"
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


@contextlib.contextmanager
def reporting_replica():
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReportingReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
