"""Writes for conversations: post, edit and remove a message, and mark a conversation read.

The conversation's row is made with its first message. The Markdown is rendered once, here, into
the message's `html`. Mentioned members are told through `notifications.services.notify`, inside
the same transaction, so nobody hears of a message that was never saved.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.conversations.markdown import mentioned_ids, plain_text, render
from talkoot.conversations.models import MESSAGE_MAX_LENGTH, Conversation, Mention, Message, ReadState
from talkoot.conversations.selectors import EDIT_WINDOW, Target, may_post, readers
from talkoot.core import ratelimit
from talkoot.core.errors import ApplicationError, RateLimitedError
from talkoot.core.text import clean_text
from talkoot.members.models import Member
from talkoot.notifications.models import NotificationKind
from talkoot.notifications.services import notify
from talkoot.notifications.texts import excerpt

RATE_LIMIT = 30  # messages a member may send a minute, in all conversations together
RATE_WINDOW_SECONDS = 60
MENTION_LIMIT = 20  # people one message can tell; more names mention only the first ones


def clean_message(text: str | None) -> str:
    """The message as stored, or ApplicationError for an empty or too long one (the form asks the same)."""
    if not (text or "").strip():
        raise ApplicationError(_("Please write your message before you send it."), field="text")
    return clean_text(text, max_length=MESSAGE_MAX_LENGTH, field="text")


def edit_refusal(message: Message, member, *, now: datetime | None = None) -> str | None:
    """Why `member` may not change `message` now, or None."""
    if message.deleted_at is not None:
        return _("This message was removed, so it cannot be changed.")
    if message.author_id != member.pk:
        return _("You can only change your own messages.")
    if message.created_at <= (now or timezone.now()) - EDIT_WINDOW:
        return _("A message can be changed for 15 minutes after it is sent. This one can no longer be changed.")
    return None


def delete_refusal(message: Message, member) -> str | None:
    """Why `member` may not remove `message`, or None. Authors may remove their own at any time."""
    if message.author_id != member.pk:
        return _("You can only remove your own messages.")
    if message.deleted_at is not None:
        return _("This message was removed already.")
    return None


def _refuse_closed(member, target: Target) -> None:
    if not may_post(member, target):
        raise ApplicationError(target.closed_reason or _("You can no longer write in this conversation."))


def _tell_mentioned(message: Message, target: Target, author: Member, *, told: set[int]) -> None:
    """Mention rows and notifications for the readers the text names who were not told before."""
    if "@" not in message.text:
        return
    people = {person.pk: person for person in readers(target)}
    names = ((pk, person.display_name) for pk, person in people.items())
    new = [pk for pk in mentioned_ids(message.text, names, limit=MENTION_LIMIT) if pk not in told and pk != author.pk]
    if not new:
        return
    Mention.objects.bulk_create([Mention(message=message, member_id=pk) for pk in new], ignore_conflicts=True)
    notify(
        recipients=[people[pk] for pk in new],
        kind=NotificationKind.MENTIONED,
        community=target.community,
        actor=author,
        detail={"title": target.title, "excerpt": excerpt(plain_text(message.html))},
        url=f"{target.url}#message-{message.pk}",
    )


def message_post(*, author: Member, target: Target, text: str, now: datetime | None = None) -> Message:
    """A new message in the target's conversation (made now if it is the first one)."""
    now = now or timezone.now()
    text = clean_message(text)
    _refuse_closed(author, target)
    if ratelimit.hit("conversation-message", str(author.pk), window_seconds=RATE_WINDOW_SECONDS) > RATE_LIMIT:
        raise RateLimitedError(
            _("You have sent many messages in a short time. Please wait a minute, then send this one again."),
            field="text",
            retry_after=RATE_WINDOW_SECONDS,
        )
    with transaction.atomic():
        conversation, _created = Conversation.objects.get_or_create(
            **target.lookup, defaults={"community": target.community, "created_at": now}
        )
        message = Message.objects.create(
            conversation=conversation, author=author, text=text, html=render(text), created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        _tell_mentioned(message, target, author, told=set())
        conversation_mark_read(member=author, conversation=conversation, message_id=message.pk, now=now)
    return message


def message_edit(
    *, editor: Member, target: Target, message: Message, text: str, now: datetime | None = None
) -> Message:
    """The author's changed message, within 15 minutes of sending it. Newly mentioned members are told."""
    now = now or timezone.now()
    text = clean_message(text)
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if refusal := edit_refusal(locked, editor, now=now):
            raise ApplicationError(refusal)
        _refuse_closed(editor, target)
        locked.text, locked.html, locked.edited_at = text, render(text), now
        locked.save(update_fields=["text", "html", "edited_at"])
        told = set(Mention.objects.filter(message=locked).values_list("member_id", flat=True))
        _tell_mentioned(locked, target, editor, told=told)
    return locked


def message_delete(*, member: Member, message: Message, now: datetime | None = None) -> Message:
    """The author removes their message: the row stays in its place, its words are gone."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if refusal := delete_refusal(locked, member):
            raise ApplicationError(refusal)
        locked.text, locked.html, locked.deleted_at = "", "", now or timezone.now()
        locked.save(update_fields=["text", "html", "deleted_at"])
        Mention.objects.filter(message=locked).delete()
    return locked


def conversation_mark_read(
    *, member: Member, conversation: Conversation, message_id: int, now: datetime | None = None
) -> None:
    """The member has read the conversation up to `message_id` (never moves back)."""
    now = now or timezone.now()
    with transaction.atomic():
        moved = ReadState.objects.filter(
            member=member, conversation=conversation, last_read_message_id__lt=message_id
        ).update(last_read_message_id=message_id, read_at=now)
        if not moved:
            ReadState.objects.get_or_create(
                member=member, conversation=conversation, defaults={"last_read_message_id": message_id, "read_at": now}
            )
