from rest_framework.permissions import BasePermission

from carers_portal.accounts.access import user_has_role


class HasRole(BasePermission):
    """DRF permission: the view's `allowed_roles` lists who may call it at all.

    Object scope is applied by the view's queryset, so records outside it are 404.
    """

    def has_permission(self, request, view) -> bool:
        return user_has_role(request.user, getattr(view, "allowed_roles", ()))
