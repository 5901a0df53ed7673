from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from carers_portal.accounts.access import user_has_role
from carers_portal.accounts.roles import API_SCHEMA_ROLES


class HasRole(BasePermission):
    """DRF permission: the view's `allowed_roles` lists who may call it at all.

    Signed-out callers get 401/403 from DRF; a signed-in caller without the role gets 404,
    as for pages, so an endpoint never confirms what lies behind it. Object scope is
    applied by the view's queryset, so records outside it are 404 too.
    """

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not user_has_role(request.user, getattr(view, "allowed_roles", ())):
            raise NotFound
        return True


class HasObjectPermission(BasePermission):
    """DRF permission: the view's `object_permissions` maps an action to the django-rules
    permission its object needs (the same ones the pages and templates ask). Without it the
    record is 404, as on the pages."""

    def has_object_permission(self, request, view, obj) -> bool:
        perm = getattr(view, "object_permissions", {}).get(view.action)
        if perm is not None and not request.user.has_perm(perm, obj):
            raise NotFound
        return True


class CanReadApiSchema(BasePermission):
    """The OpenAPI description is for staff who build on the API, not carers or responders."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not user_has_role(request.user, API_SCHEMA_ROLES):
            raise NotFound
        return True
