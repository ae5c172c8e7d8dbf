"""Conversation pages: members write and read; outside the community there is nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.conversations import services
from talkoot.conversations.models import Message, ReadState
from talkoot.core import ratelimit
from talkoot.members.tests.factories import MemberFactory
from talkoot.notifications.models import Notification
from talkoot.proposals.services import proposal_create

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(community, kind="community", target_id=0, name="detail", **extra) -> str:
    return reverse(
        f"conversations:{name}", kwargs={"slug": community.slug, "about": kind, "target_id": target_id, **extra}
    )


def page_of(response) -> str:
    return response.content.decode()


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def send(client, address, text, **extra):
    token = client.get(address).context["form"]["once"].value()
    return client.post(address, {"text": text, "once": token}, **extra)


def post(author, about, community, kind="community", target_id=0, text="Coffee at ten?") -> Message:
    return services.message_post(author=author, target=about(author, community, kind, target_id), text=text)


# --- Writing and reading -----------------------------------------------------------------------------------


def test_a_member_posts_and_another_reads(community, member, steward, action, client_for):
    address = url(community, "action", action.pk)
    response = send(client_for(member), address, "Who can **carry** the bags on Tuesday?")
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{address}#message-{message.pk}"

    page = page_of(client_for(steward).get(address))
    assert "Conversation: <bdi>Shopping for Hilja</bdi>" in page
    assert "<bdi>Eino Laine</bdi>" in page
    assert '<time datetime="' in page
    assert "Who can <strong>carry</strong> the bags on Tuesday?" in page
    assert '<span class="tag">new</span>' in page
    # Seeing the page marked it read: the next visit shows nothing new.
    assert ReadState.objects.get(member=steward).last_read_message_id == message.pk
    assert '<span class="tag">new</span>' not in page_of(client_for(steward).get(address))


def test_a_double_click_sends_one_message(community, member, client_for):
    client = client_for(member)
    address = url(community)
    token = client.get(address).context["form"]["once"].value()
    first = client.post(address, {"text": "Hello", "once": token})
    second = client.post(address, {"text": "Hello", "once": token}, follow=True)
    assert Message.objects.count() == 1
    assert first["Location"] == second.redirect_chain[0][0]
    assert any("sent already" in m for m in flashes(second))


def test_an_empty_message_is_explained(community, member, client_for):
    response = send(client_for(member), url(community), "   ")
    assert response.status_code == 200
    assert "Please write your message before you send it." in page_of(response)
    assert not Message.objects.exists()


def test_a_huge_message_is_refused_with_its_length(community, member, client_for):
    response = send(client_for(member), url(community), "x" * 100_000)
    assert "Please keep this to at most 5000 characters (it has 100000)." in page_of(response)
    assert not Message.objects.exists()


def test_the_31st_message_in_a_minute_is_refused_on_the_form(community, member, about, client_for):
    for number in range(30):
        post(member, about, community, text=f"Message {number}")
    response = send(client_for(member), url(community), "One too many")
    assert response.status_code == 200
    assert "You have sent many messages in a short time." in page_of(response)
    assert Message.objects.count() == 30


def test_script_in_a_message_is_shown_harmless(community, member, steward, client_for):
    send(client_for(member), url(community), '<script>alert("hi")</script> [x](javascript:alert(1))')
    page = page_of(client_for(steward).get(url(community)))
    assert '<script>alert("hi")' not in page
    assert "&lt;script&gt;alert" in page
    assert "javascript:alert" not in page


def test_a_mention_tells_the_member_and_a_stranger_is_told_nothing(community, member, steward, outsider, client_for):
    send(client_for(member), url(community), "@Aino Virtanen and @Olli Outsider, tea?")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [steward.pk]
    # A message in a private community never reaches an outsider's notifications.
    page = page_of(client_for(outsider).get(reverse("notifications:list")))
    assert "tea?" not in page and "Kallio" not in page


# --- Editing and removing -----------------------------------------------------------------------------------


def test_the_author_edits_their_message(community, member, about, client_for):
    message = post(member, about, community, text="Coffee at ten")
    client = client_for(member)
    edit = url(community, name="edit", message_id=message.pk)
    assert "Coffee at ten" in page_of(client.get(edit))
    response = client.post(edit, {"text": "Coffee at *eleven*"}, follow=True)
    assert "Coffee at <em>eleven</em>" in page_of(response)
    assert "edited" in page_of(response)


def test_editing_after_15_minutes_is_refused_with_a_clear_message(community, member, about, client_for):
    message = post(member, about, community, text="Coffee at ten")
    Message.objects.filter(pk=message.pk).update(created_at=message.created_at - timedelta(minutes=16))
    edit = url(community, name="edit", message_id=message.pk)
    for response in (
        client_for(member).get(edit, follow=True),
        client_for(member).post(edit, {"text": "Tea"}, follow=True),
    ):
        assert response.status_code == 200
        assert any("can be changed for 15 minutes" in m for m in flashes(response))
    assert Message.objects.get().text == "Coffee at ten"
    # ... and the page offers no Edit button for it any more.
    assert "Edit<span" not in page_of(client_for(member).get(url(community)))


def test_someone_elses_message_cannot_be_edited_or_removed(community, member, steward, about, client_for):
    message = post(member, about, community, text="Coffee at ten")
    client = client_for(steward)
    for name, data in (("edit", {"text": "Tea"}), ("delete", {})):
        response = client.post(url(community, name=name, message_id=message.pk), data, follow=True)
        assert response.status_code == 200
        assert any("your own messages" in m for m in flashes(response))
    assert Message.objects.get().text == "Coffee at ten"
    page = page_of(client.get(url(community)))
    assert "Edit<span" not in page and "Remove<span" not in page


def test_a_removed_message_shows_message_removed(community, member, steward, about, client_for):
    message = post(member, about, community, text="My phone is 040 123 4567")
    remove = url(community, name="delete", message_id=message.pk)
    assert "Remove your message?" in page_of(client_for(member).get(remove))
    client_for(member).post(remove)
    page = page_of(client_for(steward).get(url(community)))
    assert "Message removed." in page
    assert "040 123 4567" not in page
    assert Message.objects.filter(pk=message.pk, deleted_at__isnull=False).exists()


def test_a_message_of_another_conversation_is_404(community, member, action, about, client_for):
    message = post(member, about, community, "action", action.pk)
    assert client_for(member).get(url(community, name="edit", message_id=message.pk)).status_code == 404


# --- Who may see what -----------------------------------------------------------------------------------------


def _all_urls(community, action, task, proposal, application, message) -> list[str]:
    targets = [("community", 0), ("action", action.pk), ("task", task.pk), ("proposal", proposal.pk)]
    targets.append(("application", application.pk))
    addresses = [reverse("conversations:list", args=[community.slug])]
    for kind, target_id in targets:
        addresses += [url(community, kind, target_id), url(community, kind, target_id, name="newer")]
    addresses += [url(community, name=name, message_id=message.pk) for name in ("edit", "delete")]
    return addresses


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_everything_is_404_from_outside_a_private_community(
    persona, request, community, member, action, task, application, about, client_for
):
    proposal = proposal_create(author=member, community=community, kind="general", text="Coffee on Fridays")
    message = post(member, about, community)
    client = client_for(request.getfixturevalue(persona))
    for address in _all_urls(community, action, task, proposal, application, message):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"text": "Hello"}).status_code in (404, 405), address
    assert Message.objects.count() == 1


def test_the_applicant_reaches_only_their_own_applications_conversation(
    community, member, newcomer, application, action, about, client_for
):
    other = MemberFactory(display_name="Toinen Hakija")
    others_application = type(application).objects.create(community=community, applicant=other)
    client = client_for(newcomer)
    mine = url(community, "application", application.pk)

    assert send(client, mine, "Hello, may I join?").status_code == 302
    page = page_of(client.get(mine))
    assert "Hello, may I join?" in page
    assert "In this community" not in page  # no members' navigation for someone outside
    for address in (
        url(community, "application", others_application.pk),
        url(community),
        url(community, "action", action.pk),
        reverse("conversations:list", args=[community.slug]),
        reverse("communities:detail", args=[community.slug]),
    ):
        assert client.get(address).status_code == 404, address
    # The deciders read it.
    assert "Hello, may I join?" in page_of(client_for(member).get(mine))


def test_a_member_who_does_not_decide_gets_404_for_an_application(
    community, member, application, stewardship, client_for
):
    assert client_for(member).get(url(community, "application", application.pk)).status_code == 404


def test_a_public_community_asks_visitors_to_log_in_and_keeps_non_members_out(public_community, outsider, client_for):
    response = client_for(None).get(url(public_community))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client_for(outsider).get(url(public_community)).status_code == 404
    assert client_for(outsider).get(reverse("conversations:list", args=[public_community.slug])).status_code == 404


# --- Pages a page at a time, and newer messages -----------------------------------------------------------------


def test_the_page_reads_the_same_queries_for_few_and_many_messages(
    community, member, steward, action, about, client_for
):
    client = client_for(steward)

    def measure(address) -> int:
        assert connection.features.supports_json_field  # asked once per connection: not the page's query
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    def fill(target_action, count):
        for number in range(count):
            ratelimit.reset("conversation-message", str(member.pk))
            post(member, about, community, "action", target_action.pk, text=f"Message **{number}** @Aino Virtanen")

    few_action, many_action = action, ActionFactory(community=community)
    fill(few_action, 2)
    fill(many_action, 45)  # more than a page
    few = measure(url(community, "action", few_action.pk))
    many = measure(url(community, "action", many_action.pk))
    assert few == many, (few, many)
    assert many <= 14, many


def test_older_messages_come_a_page_at_a_time(community, member, about, client_for):
    messages = []
    for number in range(35):
        ratelimit.reset("conversation-message", str(member.pk))
        messages.append(post(member, about, community, text=f"Note number {number:02d}"))
    page = client_for(member).get(url(community))
    assert "Note number 34" in page_of(page) and "Note number 04" not in page_of(page)
    older = page_of(client_for(member).get(url(community), {"before": page.context["page"].older_than}))
    assert "Note number 04" in older and "Note number 34" not in older


def test_the_newer_partial_brings_only_newer_messages(community, member, steward, about, client_for):
    seen = post(member, about, community, text="Already on the page")
    newer = url(community, name="newer")
    assert client_for(steward).get(newer, {"after": seen.pk}, **HTMX).status_code == 204
    post(member, about, community, text="Just arrived")

    response = client_for(steward).get(newer, {"after": seen.pk}, **HTMX)
    fragment = page_of(response)
    assert response.status_code == 200
    assert "Just arrived" in fragment and "Already on the page" not in fragment
    assert "<html" not in fragment
    assert 'id="conversation-news" hx-swap-oob="innerHTML">A new message from Eino Laine.' in fragment
    just = Message.objects.get(text="Just arrived")
    assert f"?after={just.pk}" in fragment  # the next poll asks after the newest
    # Without htmx the address is the conversation page.
    assert client_for(steward).get(newer, {"after": seen.pk})["Location"] == url(community)


def test_the_page_polls_politely_without_moving_focus(community, member, client_for):
    page = page_of(client_for(member).get(url(community)))
    assert 'aria-live="polite"' in page
    assert 'hx-trigger="every 20s"' in page and 'hx-swap="afterbegin"' in page
    assert "autofocus" not in page


# --- The community's conversations --------------------------------------------------------------------------------


def test_the_list_shows_conversations_newest_activity_first_with_unread_counts(
    community, member, steward, action, task, about, client_for
):
    post(member, about, community, "task", task.pk, text="About the bags")
    post(member, about, community, "action", action.pk, text="Anyone?")
    post(member, about, community, "action", action.pk, text="Still anyone?")
    page = page_of(client_for(steward).get(reverse("conversations:list", args=[community.slug])))
    assert page.index("Shopping for Hilja") < page.index("Carry the Tuesday bags")
    assert "2 unread" in page and "1 unread" in page
    assert 'aria-current="page">Conversations' in page


def test_the_list_reads_the_same_queries_for_few_and_many(community, member, steward, about, client_for):
    client = client_for(steward)

    def measure() -> int:
        assert connection.features.supports_json_field  # asked once per connection: not the page's query
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("conversations:list", args=[community.slug])).status_code == 200
        return len(queries)

    def add(count):
        for _ in range(count):
            action = ActionFactory(community=community)
            post(member, about, community, "action", action.pk)

    add(2)
    few = measure()
    add(8)
    assert measure() == few


def test_application_conversations_are_listed_for_deciders_only(
    community, member, steward, newcomer, application, stewardship, about, client_for
):
    post(newcomer, about, community, "application", application.pk, text="May I join?")
    listing = reverse("conversations:list", args=[community.slug])
    assert "Application of Saara Nieminen" in page_of(client_for(steward).get(listing))
    assert "Application of Saara Nieminen" not in page_of(client_for(member).get(listing))


# --- Ways in -----------------------------------------------------------------------------------------------------


def test_the_pages_of_the_community_link_to_their_conversations(community, member, action, application, client_for):
    client = client_for(member)
    proposal = proposal_create(author=member, community=community, kind="general", text="Coffee on Fridays")
    pages = {
        reverse("actions:detail", args=[community.slug, action.pk]): url(community, "action", action.pk),
        reverse("proposals:detail", args=[community.slug, proposal.pk]): url(community, "proposal", proposal.pk),
        reverse("communities:applications", args=[community.slug]): url(community, "application", application.pk),
        reverse("communities:detail", args=[community.slug]): reverse("conversations:list", args=[community.slug]),
    }
    for page, link in pages.items():
        assert f'href="{link}"' in page_of(client.get(page)), page


def test_the_action_conversation_links_its_tasks(community, member, action, task, client_for):
    page = page_of(client_for(member).get(url(community, "action", action.pk)))
    assert "Tasks of this action" in page
    assert f'href="{url(community, "task", task.pk)}"' in page


def test_a_newcomer_member_is_a_reader_too(community, client_for):
    joined = MembershipFactory(community=community).member
    assert client_for(joined).get(url(community)).status_code == 200
