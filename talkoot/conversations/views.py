"""Thin adapters: through the door, one service call, render or redirect.

Every view starts with the door (`community_for`, then the subject's own), before even asking a
visitor to log in, so a private community answers 404 to everyone outside it. Posting is a plain
form with POST-redirect-GET; htmx only brings newer messages in while the page is open.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_for, viewer_state
from talkoot.conversations import selectors, services
from talkoot.conversations.forms import EditForm, MessageForm
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.http import is_htmx, login_first
from talkoot.core.once import submit_once


def _visitor_refusal(request, slug: str):
    """For a visitor: the same 404 as a missing community if it is private, else the login page."""
    if request.user.is_authenticated:
        return None
    community = community_for(request.user, slug)
    return login_first(request, reverse("communities:detail", args=[community.slug]))


def _message_url(target, message) -> str:
    return f"{target.url}#message-{message.pk}"


@require_safe
def conversation_list(request, slug):
    community = community_for(request.user, slug)
    if not request.user.is_authenticated:
        return login_first(request, reverse("communities:detail", args=[community.slug]))
    if not viewer_is_member(request.user, community):
        raise Http404
    page = selectors.conversations_page(request.user, community, page=request.GET.get("page", 1))
    context = {"community": community, "viewer": viewer_state(request.user, community), "page": page}
    return render(request, "conversations/list.html", context)


@require_http_methods(["GET", "POST"])
def conversation(request, slug, about: str, target_id: int):
    if refusal := _visitor_refusal(request, slug):
        return refusal
    target = selectors.target_for(request.user, slug, about, target_id)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():

        def post() -> str:
            message = services.message_post(author=request.user, target=target, text=form.cleaned_data["text"])
            messages.success(request, _("Your message is sent."))
            return _message_url(target, message)

        if url := submit_once(request, form, post, fallback=target.url):
            return redirect(url)
    page = selectors.conversation_page(request.user, target, before=request.GET.get("before"))
    if page.conversation is not None and page.newest_id > page.read_up_to:
        services.conversation_mark_read(member=request.user, conversation=page.conversation, message_id=page.newest_id)
    return render(request, "conversations/conversation.html", {"target": target, "page": page, "form": form})


@never_cache
@require_safe
def newer(request, slug, about: str, target_id: int):
    """The messages newer than `?after=<id>`, for htmx to put above the others (204: none)."""
    if refusal := _visitor_refusal(request, slug):
        return refusal
    target = selectors.target_for(request.user, slug, about, target_id)
    if not is_htmx(request):
        return redirect(target.url)
    conversation, newer_messages = selectors.newer_messages(request.user, target, after=request.GET.get("after"))
    if conversation is None or not newer_messages:
        return HttpResponse(status=204)
    services.conversation_mark_read(member=request.user, conversation=conversation, message_id=newer_messages[0].pk)
    context = {"target": target, "newer_messages": newer_messages, "newest_id": newer_messages[0].pk}
    return render(request, "conversations/conversation.html#newer", context)


@require_http_methods(["GET", "POST"])
def message_edit(request, slug, about: str, target_id: int, message_id: int):
    if refusal := _visitor_refusal(request, slug):
        return refusal
    target = selectors.target_for(request.user, slug, about, target_id)
    message = selectors.message_for(target, message_id)
    if refusal_text := services.edit_refusal(message, request.user):
        messages.error(request, refusal_text)
        return redirect(_message_url(target, message))
    form = EditForm(request.POST if request.method == "POST" else None, initial={"text": message.text})
    if form.is_bound and form.is_valid():
        try:
            services.message_edit(editor=request.user, target=target, message=message, text=form.cleaned_data["text"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Your message is changed."))
            return redirect(_message_url(target, message))
    return render(request, "conversations/edit.html", {"target": target, "message": message, "form": form})


@require_http_methods(["GET", "POST"])
def message_delete(request, slug, about: str, target_id: int, message_id: int):
    if refusal := _visitor_refusal(request, slug):
        return refusal
    target = selectors.target_for(request.user, slug, about, target_id)
    message = selectors.message_for(target, message_id)
    if refusal_text := services.delete_refusal(message, request.user):
        messages.error(request, refusal_text)
        return redirect(_message_url(target, message))
    if request.method == "GET":
        return render(request, "conversations/delete.html", {"target": target, "message": message})
    try:
        services.message_delete(member=request.user, message=message)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message is removed."))
    return redirect(_message_url(target, message))
