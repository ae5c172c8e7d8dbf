"""The conversations part of the JSON API (config/api.py): the same doors and services as the pages.

A conversation is reached as its page reaches it: `/communities/{slug}/conversations/{about}/{target_id}`
through `target_for` (the community's door, then the action's, task's, proposal's or application's;
`target_id` is 0 for the community's own conversation). Messages come newest first, a page at a
time; `next_cursor` leads to older ones.
"""

from datetime import datetime

from django.core import signing
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from talkoot.api.once import create_once
from talkoot.api.pagination import cursor_page
from talkoot.api.problems import Problem
from talkoot.api.schemas import In, ListQuery, Out, PersonOut, page_schema
from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_for
from talkoot.conversations import selectors, services
from talkoot.conversations.models import MESSAGE_MAX_LENGTH, About, Conversation, Message

router = Router(tags=["conversations"])

_CURSOR_SALT = "talkoot.conversations.api.messages"


# --- Schemas -------------------------------------------------------------------------------------


class ConversationOut(Out):
    id: int
    about: About
    target_id: int = Field(description="The id of what it is about; 0 for the community's own conversation")
    title: str
    last_message_at: datetime
    unread: int = Field(description="Messages of others since you last read it")


ConversationPage = page_schema(ConversationOut)


class MessageOut(Out):
    id: int
    author: PersonOut | None = Field(description="null when the author has left talkoot")
    text: str = Field(description="The Markdown as written; empty when removed or hidden")
    html: str = Field(description="The text as sanitised HTML, safe to show; empty when removed or hidden")
    created_at: datetime
    edited_at: datetime | None
    removed: bool
    hidden: bool = Field(description="Hidden by the stewards while they decide on a report")
    is_new: bool = Field(description="Written by someone else since you last read the conversation")
    may_edit: bool
    may_delete: bool


MessagePage = page_schema(MessageOut)


class MessageQuery(ListQuery):
    limit: int = Field(selectors.MESSAGES_PAGE_SIZE, ge=1, le=selectors.MESSAGES_PAGE_SIZE)


class MessageIn(In):
    text: str = Field(
        max_length=MESSAGE_MAX_LENGTH,
        description="Markdown: *slanted*, **bold**, lists, web addresses; @Name mentions a member",
    )
    once: str | None = Field(
        None, max_length=64, description="Any random text: sent again with the same text, nothing is sent twice"
    )


# --- Helpers -------------------------------------------------------------------------------------


def _conversation(conversation: Conversation, community) -> dict:
    about = conversation.about
    thing = community if about == About.COMMUNITY else getattr(conversation, about)
    return {
        "id": conversation.pk,
        "about": about,
        "target_id": 0 if about == About.COMMUNITY else thing.pk,
        "title": selectors.title_of(about, thing),
        "last_message_at": conversation.last_message_at,
        "unread": conversation.unread,  # type: ignore[attr-defined]
    }


def _message(message: Message) -> dict:
    # As the page shows it: a removed or hidden message keeps its place, not its words.
    shown = message.deleted_at is None and message.hidden_at is None
    return {
        "id": message.pk,
        "author": message.author,
        "text": message.text if shown else "",
        "html": message.html if shown else "",
        "created_at": message.created_at,
        "edited_at": message.edited_at,
        "removed": message.deleted_at is not None,
        "hidden": message.hidden_at is not None,
        "is_new": getattr(message, "is_new", False),
        # The page offers no buttons on a hidden message, not even to its author.
        "may_edit": shown and getattr(message, "may_edit", False),
        "may_delete": shown and getattr(message, "may_delete", False),
    }


def _before(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        before = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature:
        before = None
    if not isinstance(before, int) or isinstance(before, bool) or before < 1:
        raise Problem(400, _("This cursor is not valid: start again without one."), code="invalid_cursor")
    return before


# --- Endpoints -----------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/conversations",
    response=ConversationPage,
    summary="The community's conversations, newest activity first",
)
def conversations_list(request, slug: str, query: Query[ListQuery]):
    community = community_for(request.user, slug)
    if not viewer_is_member(request.user, community):
        raise Http404
    listed = selectors.conversations_of(request.user, community)
    page = cursor_page(listed, order=("-last_message_at", "-id"), cursor=query.cursor, limit=query.limit)
    return {"items": [_conversation(c, community) for c in page["items"]], "next_cursor": page["next_cursor"]}


_MESSAGES = "/communities/{slug}/conversations/{about}/{target_id}/messages"


@router.get(
    _MESSAGES,
    response=MessagePage,
    summary="The messages of a conversation, newest first (reading the first page marks them read)",
)
def messages_list(request, slug: str, about: About, target_id: int, query: Query[MessageQuery]):
    target = selectors.target_for(request.user, slug, about, target_id)
    page = selectors.conversation_page(request.user, target, before=_before(query.cursor))
    shown = page.messages[: query.limit]
    more = len(page.messages) > query.limit or page.older_than is not None
    # As the page: the newest messages, once seen, are read.
    if page.conversation is not None and page.newest_id > page.read_up_to:
        services.conversation_mark_read(member=request.user, conversation=page.conversation, message_id=page.newest_id)
    next_cursor = signing.dumps(shown[-1].pk, salt=_CURSOR_SALT) if more and shown else None
    return {"items": [_message(m) for m in shown], "next_cursor": next_cursor}


@router.post(
    _MESSAGES,
    response={201: MessageOut, 200: MessageOut},
    summary="Write a message in the conversation (made with its first message)",
)
def message_post(request, slug: str, about: About, target_id: int, payload: MessageIn):
    target = selectors.target_for(request.user, slug, about, target_id)
    return create_once(
        request,
        payload.once,
        lambda: services.message_post(author=request.user, target=target, text=payload.text),
        lambda pk: _posted(request.user, selectors.message_for(target, pk)),
    )


def _posted(member, message: Message) -> dict:
    message.may_edit = services.edit_refusal(message, member) is None  # type: ignore[attr-defined]
    message.may_delete = services.delete_refusal(message, member) is None  # type: ignore[attr-defined]
    return _message(message)
