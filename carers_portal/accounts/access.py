"""Role checks for views. Out of scope answers 404, so a URL never confirms a record exists."""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from carers_portal.accounts.roles import Role


def user_has_role(user, roles: Iterable[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in set(roles))


def role_required(*roles: Role) -> Callable:
    """Signed-out visitors go to sign in; signed-in users without one of `roles` get 404."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, roles):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


class RoleRequiredMixin:
    allowed_roles: frozenset[Role] = frozenset()

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_role(request.user, self.allowed_roles):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def reads_only(view: Callable) -> Callable:
    """A read-only page: any other method answers 404, as for a page out of scope, so a
    person who may read a record learns nothing from trying to change it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.allowed_roles = getattr(view, "allowed_roles", frozenset())
    return wrapped
