"""'For you': the tasks a member could take on in a community, best fitting first."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from talkoot.actions import ranking
from talkoot.actions.cards import task_cards
from talkoot.actions.forms_for_you import ForYouForm
from talkoot.communities.selectors import community_for
from talkoot.core.http import is_htmx, login_first


@require_safe
def for_you(request, slug):
    community = community_for(request.user, slug)
    if not request.user.is_authenticated:
        return login_first(request, reverse("actions:for_you", args=[community.slug]))
    form = ForYouForm(request.GET)
    page = ranking.tasks_for_you(request.user, community, filters=form.filters(), page=request.GET.get("page", 1))
    htmx = is_htmx(request)
    cards = task_cards(page, community.slug, with_reasons=True, with_claim=True)
    context = {"community": community, "form": form, "page": page, "cards": cards, "narrowed": form.narrowed}
    context["htmx"] = htmx
    response = render(request, "actions/for_you.html#results" if htmx else "actions/for_you.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response
