"""Your own API tokens: created here (after your second factor), shown once, stored hashed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from knox.models import AuthToken


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        # knox keeps only a hash: this response is the one time the token can be read.
        _, new_token = AuthToken.objects.create(user=request.user)
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    deleted, _ = AuthToken.objects.filter(user=request.user, token_key=token_key).delete()
    if not deleted:
        raise Http404
    return redirect("accounts:api-tokens")
