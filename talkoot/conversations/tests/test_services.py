"""Writing in conversations: posting, editing, removing, mentions, read state and the doors."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from talkoot.communities.models import ApplicationStatus, Membership
from talkoot.conversations import selectors, services
from talkoot.conversations.models import About, Conversation, Mention, Message, ReadState
from talkoot.core.errors import ApplicationError
from talkoot.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def post(author, target, text="Coffee at ten?", **kwargs) -> Message:
    return services.message_post(author=author, target=target, text=text, **kwargs)


def told(member) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member, kind=NotificationKind.MENTIONED))


# --- Posting -------------------------------------------------------------------------------------------


def test_the_first_message_makes_the_conversation_and_renders_its_markdown(community, member, about):
    target = about(member, community)
    assert selectors.conversation_of(target) is None

    message = post(member, target, "**Coffee** at ten?\n<script>alert(1)</script>")

    conversation = Conversation.objects.get()
    assert (conversation.about, conversation.community) == (About.COMMUNITY, community)
    assert conversation.last_message_at == message.created_at
    assert message.text == "**Coffee** at ten?\n<script>alert(1)</script>"
    assert message.html == "<p><strong>Coffee</strong> at ten?<br>\n&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    # The author has read their own message.
    assert ReadState.objects.get(member=member, conversation=conversation).last_read_message_id == message.pk


def test_each_target_has_one_conversation(community, member, steward, action, task, about):
    post(member, about(member, community, "action", action.pk))
    post(steward, about(steward, community, "action", action.pk))
    post(member, about(member, community, "task", task.pk))
    post(member, about(member, community))
    assert sorted(Conversation.objects.values_list("about", flat=True)) == ["action", "community", "task"]
    assert Message.objects.filter(conversation__action=action).count() == 2


def test_an_empty_message_is_refused(community, member, about):
    with pytest.raises(ApplicationError, match="Please write your message"):
        post(member, about(member, community), " \n ")
    assert not Message.objects.exists()


def test_a_huge_message_is_refused(community, member, about):
    with pytest.raises(ApplicationError, match="at most 5000 characters"):
        post(member, about(member, community), "x" * 100_000)
    assert not Message.objects.exists()


def test_the_31st_message_in_a_minute_is_refused_and_not_saved(community, member, about):
    target = about(member, community)
    for number in range(30):
        post(member, target, f"Message {number}")
    with pytest.raises(ApplicationError, match="wait a minute"):
        post(member, target, "One too many")
    assert Message.objects.count() == 30


def test_someone_who_left_can_no_longer_post(community, member, about):
    target = about(member, community)
    Membership.objects.filter(member=member).update(left_at=timezone.now())
    with pytest.raises(ApplicationError):
        post(member, target)
    assert not Message.objects.exists()


# --- Editing and removing --------------------------------------------------------------------------------


def test_the_author_edits_within_15_minutes(community, member, about):
    target = about(member, community)
    message = post(member, target, "Coffee at ten")
    edited = services.message_edit(
        editor=member,
        target=target,
        message=message,
        text="Coffee at *eleven*",
        now=message.created_at + timedelta(minutes=14),
    )
    assert edited.html == "<p>Coffee at <em>eleven</em></p>"
    assert edited.edited_at is not None


def test_editing_after_15_minutes_is_refused(community, member, about):
    target = about(member, community)
    message = post(member, target, "Coffee at ten")
    with pytest.raises(ApplicationError, match="15 minutes"):
        services.message_edit(
            editor=member, target=target, message=message, text="Tea", now=message.created_at + timedelta(minutes=16)
        )
    assert Message.objects.get().text == "Coffee at ten"


def test_nobody_edits_or_removes_someone_elses_message(community, member, steward, about):
    message = post(member, about(member, community), "Coffee at ten")
    with pytest.raises(ApplicationError, match="your own messages"):
        services.message_edit(editor=steward, target=about(steward, community), message=message, text="Tea")
    with pytest.raises(ApplicationError, match="your own messages"):
        services.message_delete(member=steward, message=message)
    message.refresh_from_db()
    assert (message.text, message.deleted_at) == ("Coffee at ten", None)


def test_removing_keeps_the_row_without_its_words(community, member, steward, about):
    message = post(member, about(member, community), "My phone is 040 123 4567, @Aino Virtanen")
    services.message_delete(member=member, message=message)
    message.refresh_from_db()
    assert (message.text, message.html) == ("", "")
    assert message.deleted_at is not None
    assert not Mention.objects.exists()
    with pytest.raises(ApplicationError, match="removed"):
        services.message_edit(editor=member, target=about(member, community), message=message, text="Again")
    with pytest.raises(ApplicationError, match="removed already"):
        services.message_delete(member=member, message=message)


# --- Mentions ----------------------------------------------------------------------------------------------


def test_a_mentioned_member_is_told_once_and_never_the_author(community, member, steward, about):
    target = about(member, community)
    message = post(member, target, "Thank you @Aino Virtanen, and @Eino Laine (me) too")

    [notification] = told(steward)
    assert notification.actor == member
    assert notification.community == community
    assert notification.url == f"/c/{community.slug}/conversations/community/0/#message-{message.pk}"
    assert notification.detail == {
        "title": community.name,
        "excerpt": "Thank you @Aino Virtanen, and @Eino Laine (me) too",
    }
    assert told(member) == []
    assert list(Mention.objects.values_list("member", flat=True)) == [steward.pk]


def test_a_mention_of_someone_outside_the_community_tells_nobody(community, member, outsider, newcomer, about):
    message = post(member, about(member, community), "Ask @Olli Outsider or @[Saara Nieminen]")
    assert not Notification.objects.exists()
    assert not Mention.objects.exists()
    assert message.text == "Ask @Olli Outsider or @[Saara Nieminen]"  # the text stays as typed


def test_editing_tells_only_the_newly_mentioned(community, member, steward, about):
    helper = Membership.objects.create(
        community=community,
        member=type(member).objects.create(email="h@example.org", display_name="Helka Ahonen"),
        joined_at=timezone.now(),
    ).member
    target = about(member, community)
    message = post(member, target, "@Aino Virtanen, can you help?")
    services.message_edit(editor=member, target=target, message=message, text="@Aino Virtanen and @Helka Ahonen?")
    assert len(told(steward)) == 1
    assert len(told(helper)) == 1


def test_in_an_application_only_its_readers_can_be_mentioned(
    community, member, steward, newcomer, application, stewardship, about
):
    target = about(steward, community, "application", application.pk)
    post(steward, target, "@Saara Nieminen, welcome! @Eino Laine, what do you think?")
    assert len(told(newcomer)) == 1
    assert told(member) == []  # not a steward: the conversation is not theirs to read


# --- Who may read ------------------------------------------------------------------------------------------


def test_the_doors_answer_404_outside(community, member, outsider, newcomer, action, application):
    for viewer in (outsider, newcomer, None):
        for kind, target_id in (("community", 0), ("action", action.pk), ("task", 0)):
            with pytest.raises(Http404):
                selectors.target_for(viewer, community.slug, kind, target_id)
    for kind, target_id in (("community", 1), ("nonsense", 0), ("action", 10**30)):
        with pytest.raises(Http404):
            selectors.target_for(member, community.slug, kind, target_id)


def test_the_applicant_reaches_their_own_pending_application_only(community, newcomer, application, outsider):
    target = selectors.target_for(newcomer, community.slug, "application", application.pk)
    assert target.may_post and not target.viewer_is_member
    with pytest.raises(Http404):
        selectors.target_for(outsider, community.slug, "application", application.pk)
    application.status = ApplicationStatus.DECLINED
    application.save()
    with pytest.raises(Http404):
        selectors.target_for(newcomer, community.slug, "application", application.pk)


def test_only_deciders_read_an_application_once_there_are_stewards(
    community, member, steward, application, stewardship
):
    assert selectors.target_for(steward, community.slug, "application", application.pk)
    with pytest.raises(Http404):
        selectors.target_for(member, community.slug, "application", application.pk)


def test_a_decided_application_closes_its_conversation(community, member, application, about):
    application.status = ApplicationStatus.ACCEPTED
    application.save()
    target = about(member, community, "application", application.pk)
    with pytest.raises(ApplicationError, match="closed"):
        post(member, target)


# --- Read state and unread counts --------------------------------------------------------------------------


def test_read_state_never_moves_back(community, member, steward, about):
    target = about(member, community)
    first, second = post(member, target), post(member, target)
    conversation = Conversation.objects.get()
    services.conversation_mark_read(member=steward, conversation=conversation, message_id=second.pk)
    services.conversation_mark_read(member=steward, conversation=conversation, message_id=first.pk)
    assert ReadState.objects.get(member=steward).last_read_message_id == second.pk


def test_unread_counts_others_messages_since_the_last_read(community, member, steward, action, about):
    target = about(member, community, "action", action.pk)
    post(member, target, "one")
    post(member, target, "two")
    services.message_delete(member=member, message=post(member, target, "three"))

    [row] = selectors.conversations_page(steward, community)
    assert (row.title, row.unread) == ("Shopping for Hilja", 2)  # a removed message is not unread
    post(steward, about(steward, community, "action", action.pk), "Writing is reading")
    assert [row.unread for row in selectors.conversations_page(steward, community)] == [0]
    assert [row.unread for row in selectors.conversations_page(member, community)] == [1]
