"""The settings page where a member makes and revokes their personal access tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from talkoot.api import selectors, services
from talkoot.api.forms import AccessTokenForm
from talkoot.core import once
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error


@never_cache  # the page that shows a new secret must not be kept by the browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    member = request.user
    new_secret = None
    form = AccessTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token_once = form.cleaned_data.get("once", "")
        if once.seen_before(request, token_once) is not None:
            messages.info(request, _("This was sent already, so no second token was made."))
            return redirect("api_tokens:list")
        try:
            _token, new_secret = services.access_token_create(
                member=member,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ApplicationError as error:
            once.forget(request, token_once)
            add_application_error(form, error)
        else:
            once.remember(request, token_once, "")
            form = AccessTokenForm()
    context = {"form": form, "tokens": selectors.access_tokens_of(member), "new_secret": new_secret}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request, token_id: int):
    token = selectors.access_token_for(request.user, token_id)
    services.access_token_revoke(member=request.user, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api_tokens:list")
