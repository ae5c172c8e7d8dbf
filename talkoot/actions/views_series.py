"""Repeating tasks: add, change and stop a series. Thin adapters like views.py.

Every view goes through the community's door, then the action's (the same 404 for a private
community's outsider and for a missing page), before asking a visitor to log in.
"""

from django.contrib import messages
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from talkoot.actions import recurrence
from talkoot.actions.forms_series import SeriesForm
from talkoot.actions.selectors import action_for
from talkoot.actions.views import members_only
from talkoot.communities.selectors import community_for
from talkoot.core.errors import ApplicationError


def _action_url(community, action) -> str:
    return reverse("actions:detail", args=[community.slug, action.pk])


def _members_only(request, community, back_url: str):
    """None for a member; the login page for a visitor; back to the action for anyone else."""
    refusal = _("Join %(community)s to add repeating tasks.") % {"community": community.name}
    return members_only(request, community, back_url, refusal=refusal, elsewhere=back_url)


def _open_series(request, slug, series_id):
    """(community, series, back) for a member, or the answer to give (404 through the doors first)."""
    community = community_for(request.user, slug)
    series = recurrence.series_for(request.user, community, series_id)
    back = _action_url(community, series.action)
    if refusal := _members_only(request, community, back):
        return refusal
    return community, series, back


@require_http_methods(["GET", "POST"])
def series_create(request, slug, action_id: int):
    community = community_for(request.user, slug)
    action = action_for(request.user, community, action_id)
    back = _action_url(community, action)
    if refusal := _members_only(request, community, back):
        return refusal
    form = SeriesForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            recurrence.series_create(creator=request.user, action=action, **form.service_arguments())
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The repeating task is added. Its coming times are on the list."))
            return redirect(back)
    context = {"community": community, "action": action, "form": form}
    return render(request, "actions/series_form.html", context)


@require_http_methods(["GET", "POST"])
def series_edit(request, slug, series_id: int):
    opened = _open_series(request, slug, series_id)
    if isinstance(opened, HttpResponseBase):
        return opened
    community, series, back = opened
    if series.stopped_at is not None:
        messages.info(request, _("This repeating task has been stopped."))
        return redirect(back)
    initial = SeriesForm.initial_for(series) if request.method == "GET" else None
    form = SeriesForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            recurrence.series_update(editor=request.user, series=series, **form.service_arguments())
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your changes are saved. Times somebody has taken on stay as they were."))
            return redirect(back)
    context = {"community": community, "action": series.action, "series": series, "form": form}
    return render(request, "actions/series_form.html", context)


@require_http_methods(["GET", "POST"])
def series_stop(request, slug, series_id: int):
    opened = _open_series(request, slug, series_id)
    if isinstance(opened, HttpResponseBase):
        return opened
    community, series, back = opened
    if request.method == "POST":
        try:
            recurrence.series_stop(member=request.user, series=series)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The repeating task is stopped. Past times and taken ones stay."))
        return redirect(back)
    context = {
        "community": community,
        "action": series.action,
        "series": series,
        "to_cancel": recurrence.series_cancellable_count(series),
    }
    return render(request, "actions/series_stop.html", context)
