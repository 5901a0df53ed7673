"""Produced returns: listed without their files, which load only on download."""

from django.db.models import QuerySet

from carers_portal.accounts.models import User
from reporting.models import ReturnRun
from reporting.selectors.scope import can_commission


def return_run_list_visible_to(user: User) -> QuerySet[ReturnRun]:
    """The one scope for returns; the file contents load only when a file is downloaded."""
    runs = ReturnRun.objects.defer("csv_content", "xlsx_content")
    return runs if can_commission(user) else runs.none()
