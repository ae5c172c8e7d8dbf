"""Conversations: one per community, action, task, proposal and application, made on the first message.

A message keeps the Markdown its author wrote (`text`) and the sanitised HTML made from it once, when
it was written (`html`), so a list never renders Markdown. A removed message keeps its row (the
thread still reads in order) with both emptied.
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class About(models.TextChoices):
    COMMUNITY = "community", _("The whole community")
    ACTION = "action", _("An action")
    TASK = "task", _("A task")
    PROPOSAL = "proposal", _("A proposal")
    APPLICATION = "application", _("An application")


# The one target column each kind of conversation fills; the community kind fills none.
TARGET_FIELDS = {
    About.ACTION: "action",
    About.TASK: "task",
    About.PROPOSAL: "proposal",
    About.APPLICATION: "application",
}


def _only_target(about: str) -> Q:
    field = TARGET_FIELDS.get(About(about))
    condition = Q(about=about)
    for other in TARGET_FIELDS.values():
        condition &= Q(**{f"{other}__isnull": other != field})
    return condition


class Conversation(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="conversations")
    about = models.CharField(max_length=16, choices=About.choices)
    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    task = models.ForeignKey("actions.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "communities.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The newest message's time, for the community's list of conversations (newest activity first).
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=reduce(operator.or_, (_only_target(about) for about in About)),
                name="conversation_target_matches_about",
            ),
            models.UniqueConstraint(
                fields=["community"], condition=Q(about="community"), name="conversation_one_per_community"
            ),
            models.UniqueConstraint(
                fields=["action"], condition=Q(action__isnull=False), name="conversation_one_per_action"
            ),
            models.UniqueConstraint(fields=["task"], condition=Q(task__isnull=False), name="conversation_one_per_task"),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(proposal__isnull=False), name="conversation_one_per_proposal"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(application__isnull=False),
                name="conversation_one_per_application",
            ),
        ]
        indexes = [models.Index(fields=["community", "last_message_at"], name="conversation_activity_idx")]

    def __str__(self) -> str:
        return f"{self.about} conversation {self.pk} in {self.community_id}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    html = models.TextField(blank=True)  # made from `text` by conversations.markdown.render; safe to show
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by stewards after a report, while they decide (see talkoot.reports).
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Newest first by id (ids only grow), a page at a time, and "newer than id N" for polling.
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(text="", html=""), name="message_removed_is_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in conversation {self.conversation_id}"


class Mention(models.Model):
    """A member a message mentioned and who was told so (an edit tells only the newly mentioned)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "member"], name="mention_once_per_message")]

    def __str__(self) -> str:
        return f"member {self.member_id} in message {self.message_id}"


class ReadState(models.Model):
    """How far a member has read a conversation: every message with a larger id is unread."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_states")
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "conversation"], name="read_state_once")]

    def __str__(self) -> str:
        return f"member {self.member_id} read conversation {self.conversation_id} to {self.last_read_message_id}"
