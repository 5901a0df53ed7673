"""The API's page: every list answer that shows carers' records records who saw which."""

from rest_framework.pagination import PageNumberPagination

from carers_portal.accounts.services import access_events_record_many


class AuditedPageNumberPagination(PageNumberPagination):
    """PageNumberPagination that writes one access event per carer-linked row on the page,
    in one insert, so a list read through the API is as visible as a record read."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if page is not None:
            access_events_record_many(request=request, objects=page)
        return page
