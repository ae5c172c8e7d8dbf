"""Thin adapters for actions, tasks and claims: access door, one service call, render or redirect."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from talkoot.actions import selectors
from talkoot.communities.selectors import community_for


@require_safe
def action_detail(request, slug, action_id: int):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    return render(request, "actions/detail.html", {"community": community, "action": action})
