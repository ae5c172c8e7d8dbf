"""Reads of conversations, and the one door to each.

`target_for` opens the door to a conversation the way the page of what it is about would: through
`community_for`, then the action's, task's, proposal's or application's own door, so everything
inside a private community answers the same 404 outside it. Conversations are the members' own
business: only current members of the community read and write them (also for a public action,
to keep one rule), except an application's, which only the applicant and the members who decide on
applications see.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from talkoot.actions.models import Action, Task
from talkoot.actions.selectors import action_for, task_for
from talkoot.communities.access import has_stewards, may_decide_applications, viewer_is_member
from talkoot.communities.models import Application, ApplicationStatus, Community, Membership
from talkoot.communities.selectors import community_for
from talkoot.conversations.models import About, Conversation, Message, ReadState
from talkoot.members.models import Member
from talkoot.members.selectors import with_member_names
from talkoot.proposals.models import Proposal
from talkoot.proposals.selectors import proposal_for

MESSAGES_PAGE_SIZE = 30
NEWER_LIMIT = 100  # one poll brings at most this many; the next brings the rest
CONVERSATIONS_PAGE_SIZE = 20
TASKS_SHOWN = 20
EDIT_WINDOW = timedelta(minutes=15)


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def _as_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 <= number < 2**63 else None


# --- What a conversation is about ------------------------------------------------------------------


def title_of(about: str, thing) -> str:
    """What the conversation is about, as plain text (the page's heading and notifications)."""
    if about == About.COMMUNITY:
        return thing.name
    if about in (About.ACTION, About.TASK):
        hidden = thing.hidden_at or (about == About.TASK and thing.action.hidden_at)
        return _("Hidden while the stewards decide on a report") if hidden else thing.title
    if about == About.PROPOSAL:
        return _("Proposal: %(text)s") % {"text": Truncator(" ".join(thing.text.split())).chars(80)}
    name = thing.applicant.display_name if thing.applicant_id and thing.applicant else _("a former member")
    return _("Application of %(name)s") % {"name": name}


@dataclass(frozen=True)
class Target:
    """A conversation's subject, reached through its door by `viewer`."""

    community: Community
    about: str
    target_id: int  # 0 for the community's own conversation
    thing: Community | Action | Task | Proposal | Application
    viewer_is_member: bool
    may_post: bool
    closed_reason: str = ""  # why nobody may write here any more

    @property
    def title(self) -> str:
        return title_of(self.about, self.thing)

    @property
    def url(self) -> str:
        return reverse("conversations:detail", args=[self.community.slug, self.about, self.target_id])

    @property
    def lookup(self) -> dict:
        """The conversation's row, by its unique target."""
        if self.about == About.COMMUNITY:
            return {"about": About.COMMUNITY, "community": self.community}
        return {"about": self.about, f"{self.about}_id": self.target_id}

    def page_url(self) -> str:
        """The page of what the conversation is about, for a way back ("" when there is none)."""
        slug = self.community.slug
        if self.about == About.COMMUNITY:
            return reverse("communities:detail", args=[slug])
        if self.about == About.ACTION:
            return reverse("actions:detail", args=[slug, self.target_id])
        if self.about == About.TASK:
            task = self.thing
            return reverse("actions:detail", args=[slug, task.action_id]) + f"#task-{task.pk}"  # type: ignore[union-attr]
        if self.about == About.PROPOSAL:
            return reverse("proposals:detail", args=[slug, self.target_id])
        # An applicant outside a private community has no page there to go back to.
        return reverse("communities:applications", args=[slug]) if self.viewer_is_member else ""


def target_for(viewer, slug: str, about: str, target_id) -> Target:
    """The conversation's subject if `viewer` may read its conversation, else the same Http404."""
    if about not in About.values or (number := _as_int(target_id)) is None:
        raise Http404
    if about == About.APPLICATION:
        return _application_target(viewer, slug, number)
    community = community_for(viewer, slug)
    if not (_signed_in(viewer) and viewer_is_member(viewer, community)):
        raise Http404
    thing: Community | Action | Task | Proposal
    if about == About.COMMUNITY:
        if number != 0:
            raise Http404
        thing = community
    elif about == About.ACTION:
        thing = action_for(viewer, community, number)
    elif about == About.TASK:
        thing = task_for(viewer, community, number)
    else:
        thing = proposal_for(viewer, community, number)
    return Target(community, about, number, thing, viewer_is_member=True, may_post=True)


def _application_target(viewer, slug: str, application_id: int) -> Target:
    if not _signed_in(viewer):
        raise Http404
    try:
        community = community_for(viewer, slug)
    except Http404:
        # An applicant is no member, and a private community is a 404 to everyone outside it: this
        # door lets them in to their own pending application's conversation, and to nothing else.
        own_pending = Application.objects.pending().filter(pk=application_id, applicant=viewer)
        found = Community.objects.filter(slug=slug, applications__in=own_pending).first()
        if found is None:
            raise
        found.viewer_is_member = False  # type: ignore[attr-defined]
        community = found
    applications = with_member_names(Application.objects.filter(community=community), "applicant")
    application = applications.filter(pk=application_id).first()
    if application is None:
        raise Http404("No such application.")
    is_member = viewer_is_member(viewer, community)
    if not (application.applicant_id == viewer.pk or (is_member and may_decide_applications(viewer, community))):
        raise Http404
    pending = application.status == ApplicationStatus.PENDING
    return Target(
        community,
        About.APPLICATION,
        application_id,
        application,
        viewer_is_member=is_member,
        may_post=pending,
        closed_reason="" if pending else _("The application was decided or withdrawn, so this conversation is closed."),
    )


def readers(target: Target) -> QuerySet[Member]:
    """Everyone who may read the conversation now: whom its messages may mention."""
    in_community = Membership.objects.active().filter(community=target.community)
    if target.about == About.APPLICATION:
        deciders = in_community.filter(is_steward=True) if has_stewards(target.community) else in_community
        applicant_id = target.thing.applicant_id  # type: ignore[union-attr]
        people = Q(pk__in=deciders.values("member_id")) | Q(pk=applicant_id)
    else:
        people = Q(pk__in=in_community.values("member_id"))
    return Member.objects.filter(people, is_active=True).only("id", "display_name", "is_active")


def may_post(member, target: Target) -> bool:
    """Asked again by the services, not taken from the door: the door may have been passed a while ago."""
    if not target.may_post or not _signed_in(member):
        return False
    return readers(target).filter(pk=member.pk).exists()


# --- One conversation --------------------------------------------------------------------------------


def conversation_of(target: Target) -> Conversation | None:
    return Conversation.objects.filter(**target.lookup).first()


def _mark_permissions(messages: list[Message], viewer, read_up_to: int, now: datetime) -> None:
    for message in messages:
        own = message.author_id == viewer.pk and message.deleted_at is None
        message.may_edit = own and message.created_at > now - EDIT_WINDOW  # type: ignore[attr-defined]
        message.may_delete = own  # type: ignore[attr-defined]
        # Anyone else who reads it may tell the stewards (reports are for members: see the template).
        message.may_report = not own and message.deleted_at is None and message.hidden_at is None  # type: ignore[attr-defined]
        message.is_new = message.pk > read_up_to and message.author_id != viewer.pk  # type: ignore[attr-defined]


@dataclass
class ConversationPage:
    target: Target
    conversation: Conversation | None
    messages: list[Message]  # newest first
    read_up_to: int  # the viewer's last read message before this visit
    first_page: bool
    older_than: int | None = None  # the id for the "older messages" link, if there are older ones
    tasks: list[Task] = field(default_factory=list)

    @property
    def more_tasks(self) -> bool:
        return len(self.tasks) >= TASKS_SHOWN

    @property
    def newest_id(self) -> int:
        return self.messages[0].pk if self.messages and self.first_page else 0


def _messages(conversation: Conversation) -> QuerySet[Message]:
    return with_member_names(Message.objects.filter(conversation=conversation), "author")


def conversation_page(viewer, target: Target, *, before=None, now: datetime | None = None) -> ConversationPage:
    """The newest messages (or those older than `before`), a page at a time, in a fixed number of
    queries: the conversation with the viewer's read state, one page of messages with their
    authors' names, and for an action a short list of its tasks."""
    now = now or timezone.now()
    read = ReadState.objects.filter(conversation=OuterRef("pk"), member=viewer).values("last_read_message_id")[:1]
    conversation = (
        Conversation.objects.filter(**target.lookup)
        .annotate(read_up_to=Coalesce(Subquery(read), 0, output_field=IntegerField()))
        .first()
    )
    before_id = _as_int(before)
    messages: list[Message] = []
    if conversation is not None:
        rows = _messages(conversation).order_by("-id")
        if before_id:
            rows = rows.filter(id__lt=before_id)
        messages = list(rows[: MESSAGES_PAGE_SIZE + 1])
    older = len(messages) > MESSAGES_PAGE_SIZE
    messages = messages[:MESSAGES_PAGE_SIZE]
    read_up_to = conversation.read_up_to if conversation is not None else 0
    _mark_permissions(messages, viewer, read_up_to, now)
    page = ConversationPage(
        target=target,
        conversation=conversation,
        messages=messages,
        read_up_to=read_up_to,
        first_page=not before_id,
        older_than=messages[-1].pk if older else None,
    )
    if target.about == About.ACTION and not target.thing.hidden_at:  # type: ignore[union-attr]
        page.tasks = list(
            Task.objects.filter(action_id=target.target_id, cancelled_at__isnull=True)
            .only("id", "title", "hidden_at", "action_id")
            .order_by("-id")[:TASKS_SHOWN]
        )
    return page


def newer_messages(
    viewer, target: Target, *, after, now: datetime | None = None
) -> tuple[Conversation | None, list[Message]]:
    """The conversation and its messages newer than id `after`, newest first: at most `NEWER_LIMIT`,
    the oldest of them taken first, so the next poll (after the newest of these) misses none."""
    conversation = conversation_of(target)
    after_id = _as_int(after)
    if conversation is None or after_id is None:
        return conversation, []
    messages = list(_messages(conversation).filter(id__gt=after_id).order_by("id")[:NEWER_LIMIT])
    messages.reverse()
    _mark_permissions(messages, viewer, after_id, now or timezone.now())
    return conversation, messages


def message_for(target: Target, message_id) -> Message:
    """A message of this conversation, or 404 (also for another conversation's message)."""
    number = _as_int(message_id)
    conversation = conversation_of(target)
    message = None
    if number is not None and conversation is not None:
        message = _messages(conversation).filter(pk=number).first()
    if message is None:
        raise Http404("No such message.")
    return message


# --- The community's conversations ----------------------------------------------------------------


def conversations_of(viewer, community: Community) -> QuerySet[Conversation]:
    """The conversations with messages that the viewer (a member) may read, newest activity first,
    each with `unread`: messages of others since the viewer last read it (no query per row)."""
    conversations = Conversation.objects.filter(community=community, last_message_at__isnull=False)
    if not may_decide_applications(viewer, community):
        conversations = conversations.exclude(about=About.APPLICATION)
    read = ReadState.objects.filter(conversation=OuterRef("pk"), member=viewer).values("last_read_message_id")[:1]
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), id__gt=OuterRef("read_up_to"), deleted_at__isnull=True)
        .exclude(author=viewer)
        .order_by()
        .values("conversation")
        .annotate(count=Count("id"))
        .values("count")
    )
    return (
        conversations.annotate(read_up_to=Coalesce(Subquery(read), 0, output_field=IntegerField()))
        .annotate(unread=Coalesce(Subquery(unread), 0, output_field=IntegerField()))
        .select_related("community", "action", "task__action", "proposal", "application__applicant")
        .only(
            "id",
            "about",
            "last_message_at",
            "community__id",
            "community__name",
            "community__slug",
            "action__id",
            "action__title",
            "action__hidden_at",
            "task__id",
            "task__title",
            "task__hidden_at",
            "task__action__id",
            "task__action__hidden_at",
            "proposal__id",
            "proposal__text",
            "application__id",
            "application__applicant__id",
            "application__applicant__display_name",
        )
        .order_by("-last_message_at", "-id")
    )


def conversations_page(viewer, community: Community, *, page: int | str = 1) -> Page:
    """A page of `conversations_of`, each with its title and address: two queries a page."""
    result = Paginator(conversations_of(viewer, community), CONVERSATIONS_PAGE_SIZE).get_page(page)
    for conversation in result:
        thing = (
            conversation.community
            if conversation.about == About.COMMUNITY
            else getattr(conversation, conversation.about)
        )
        target_id = 0 if conversation.about == About.COMMUNITY else thing.pk
        conversation.title = title_of(conversation.about, thing)  # type: ignore[attr-defined]
        conversation.url = reverse(  # type: ignore[attr-defined]
            "conversations:detail", args=[community.slug, conversation.about, target_id]
        )
    return result
