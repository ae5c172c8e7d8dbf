"""The conversations API: members read and write through the pages' doors and services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.models import ApplicationStatus
from talkoot.conversations import services
from talkoot.conversations.models import Conversation, Message, ReadState
from talkoot.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

BASE = "/communities/kallio-seniors/conversations"


def token(person, scope=Scope.READ_WRITE) -> str:
    return access_token_create(member=person, name="tests", scope=scope)[1]


def warm(secret: str) -> str:
    """A token used once already: its first use writes `last_used_at`, which no later call does."""
    call("GET", "/me", token=secret)
    return secret


def messages_of(kind="community", target_id=0) -> str:
    return f"{BASE}/{kind}/{target_id}/messages"


def post(author, about, community, kind="community", target_id=0, text="Coffee at ten?") -> Message:
    return services.message_post(author=author, target=about(author, community, kind, target_id), text=text)


# --- The list of conversations -------------------------------------------------------------------


def test_the_list_has_conversations_newest_activity_first_with_unread_counts(
    community, member, steward, action, task, about
):
    post(member, about, community, "task", task.pk, text="About the bags")
    post(member, about, community, "action", action.pk, text="Anyone?")
    post(member, about, community, "action", action.pk, text="Still anyone?")

    body = call("GET", BASE, token=token(steward)).json()

    assert [(c["about"], c["target_id"], c["title"], c["unread"]) for c in body["items"]] == [
        ("action", action.pk, "Shopping for Hilja", 2),
        ("task", task.pk, "Carry the Tuesday bags", 1),
    ]
    assert body["next_cursor"] is None


def test_the_list_comes_a_page_at_a_time_by_cursor(community, member, about):
    for _number in range(5):
        post(member, about, community, "action", ActionFactory(community=community).pk)
    secret = token(member)

    first = call("GET", f"{BASE}?limit=3", token=secret).json()
    second = call("GET", f"{BASE}?limit=3&cursor={first['next_cursor']}", token=secret).json()

    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids == list(Conversation.objects.order_by("-last_message_at", "-id").values_list("id", flat=True))
    assert second["next_cursor"] is None
    assert call("GET", f"{BASE}?cursor=forged", token=secret).status_code == 422


def test_application_conversations_are_listed_for_deciders_only(
    community, member, steward, newcomer, application, stewardship, about
):
    post(newcomer, about, community, "application", application.pk, text="May I join?")

    for_steward = call("GET", BASE, token=token(steward)).json()["items"]
    for_member = call("GET", BASE, token=token(member)).json()["items"]

    assert [c["title"] for c in for_steward] == ["Application of Saara Nieminen"]
    assert for_member == []


def test_the_list_takes_the_same_queries_for_2_or_10_conversations(community, member, steward, about):
    connection.features.supports_json_field  # noqa: B018 - SQLite asks once, outside the count
    secret = warm(token(steward))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", BASE, token=secret).status_code == 200
        return len(captured)

    def add(count: int) -> None:
        for _number in range(count):
            action = ActionFactory(community=community)
            post(member, about, community, "action", action.pk)
            post(member, about, community, "task", TaskFactory(action=action).pk)

    add(1)
    few = queries()
    add(5)
    assert queries() == few


# --- Reading messages ----------------------------------------------------------------------------


def test_messages_come_newest_first_with_text_and_html(community, member, steward, about):
    post(member, about, community, text="First")
    post(steward, about, community, text="Who can **carry** the bags?")

    body = call("GET", messages_of(), token=token(member)).json()

    newest, oldest = body["items"]
    assert newest["text"] == "Who can **carry** the bags?"
    assert newest["html"] == "<p>Who can <strong>carry</strong> the bags?</p>"
    assert newest["author"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert (newest["is_new"], newest["may_edit"]) == (True, False)
    assert (oldest["text"], oldest["is_new"], oldest["may_edit"], oldest["may_delete"]) == ("First", False, True, True)
    assert body["next_cursor"] is None


def test_older_messages_come_by_cursor_without_repeats(community, member, about):
    for number in range(7):
        post(member, about, community, text=f"Message {number}")
    secret = token(member)

    first = call("GET", f"{messages_of()}?limit=3", token=secret).json()
    second = call("GET", f"{messages_of()}?limit=3&cursor={first['next_cursor']}", token=secret).json()
    third = call("GET", f"{messages_of()}?limit=3&cursor={second['next_cursor']}", token=secret).json()

    texts = [m["text"] for page in (first, second, third) for m in page["items"]]
    assert texts == [f"Message {number}" for number in reversed(range(7))]
    assert third["next_cursor"] is None


@pytest.mark.parametrize("query", ["cursor=12", "cursor=abc", "limit=0", "limit=31", "limit=many"])
def test_a_bad_cursor_or_limit_is_refused(community, member, query):
    response = call("GET", f"{messages_of()}?{query}", token=token(member))

    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_reading_the_newest_messages_marks_the_conversation_read(community, member, steward, about):
    post(steward, about, community, text="Tea?")
    newest = post(steward, about, community, text="Coffee?")
    secret = token(member)
    assert call("GET", BASE, token=secret).json()["items"][0]["unread"] == 2

    assert call("GET", messages_of(), token=secret).json()["items"][0]["is_new"] is True

    assert ReadState.objects.get(member=member).last_read_message_id == newest.pk
    assert call("GET", BASE, token=secret).json()["items"][0]["unread"] == 0
    assert call("GET", messages_of(), token=secret).json()["items"][0]["is_new"] is False


def test_removed_and_hidden_messages_keep_their_place_not_their_words(community, member, steward, about):
    removed = post(member, about, community, text="Oops")
    services.message_delete(member=member, message=removed)
    hidden = post(member, about, community, text="Something rude")
    Message.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())

    for reader in (steward, member):
        items = call("GET", messages_of(), token=token(reader)).json()["items"]

        assert [(m["id"], m["text"], m["html"], m["removed"], m["hidden"]) for m in items] == [
            (hidden.pk, "", "", False, True),
            (removed.pk, "", "", True, False),
        ]
        assert not any(m["may_edit"] or m["may_delete"] for m in items)


def test_reading_messages_takes_the_same_queries_for_2_or_10(community, member, steward, action, about):
    connection.features.supports_json_field  # noqa: B018
    secret = warm(token(steward))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", messages_of("action", action.pk), token=secret).status_code == 200
        return len(captured)

    for number in range(2):
        post(member, about, community, "action", action.pk, text=f"Message {number}")
    call("GET", messages_of("action", action.pk), token=secret)  # read now: the next reads write nothing
    few = queries()
    for number in range(8):
        post(member, about, community, "action", action.pk, text=f"More {number}")
    call("GET", messages_of("action", action.pk), token=secret)
    assert queries() == few


# --- Ways in -------------------------------------------------------------------------------------


def test_what_is_not_this_communitys_is_not_found(community, other_community, member, outsider):
    theirs = ActionFactory(community=other_community)
    secret = token(member)

    assert call("GET", messages_of("action", theirs.pk), token=secret).status_code == 404
    assert call("GET", messages_of("task", 999999), token=secret).status_code == 404
    assert call("GET", messages_of("community", 1), token=secret).status_code == 404
    assert call("GET", messages_of("gossip", 0), token=secret).status_code == 422
    assert call("POST", messages_of("action", theirs.pk), token=secret, body={"text": "Hi"}).status_code == 404
    assert call("GET", messages_of(), token=token(outsider)).status_code == 404
    assert not Message.objects.exists()


def test_a_member_who_does_not_decide_cannot_reach_an_application(community, member, application, stewardship):
    assert call("GET", messages_of("application", application.pk), token=token(member)).status_code == 404


# --- Writing -------------------------------------------------------------------------------------


def test_a_member_posts_and_gets_the_sanitised_html(community, member, steward):
    text = '**Tea** at ten <script>alert("hi")</script> [x](javascript:alert(1))'

    response = call("POST", messages_of(), token=token(member), body={"text": text})

    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get()
    assert body["id"] == message.pk
    assert body["text"] == text
    assert "<strong>Tea</strong>" in body["html"]
    assert "<script>" not in body["html"] and "&lt;script&gt;" in body["html"]
    assert "javascript:" not in body["html"]
    assert (body["may_edit"], body["may_delete"], body["is_new"]) == (True, True, False)
    assert Conversation.objects.get().about == "community"


def test_a_mention_tells_the_member(community, member, steward, outsider):
    call("POST", messages_of(), token=token(member), body={"text": "@Aino Virtanen and @Olli Outsider, tea?"})

    assert list(Notification.objects.values_list("recipient", "kind")) == [(steward.pk, NotificationKind.MENTIONED)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": 5}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Hi", "author": 1}, "author"),
    ],
)
def test_a_message_with_bad_input_is_refused(community, member, body, field):
    response = call("POST", messages_of(), token=token(member), body=body)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not Message.objects.exists()


def test_too_many_messages_answer_429_with_retry_after(community, member, monkeypatch):
    monkeypatch.setattr(services, "RATE_LIMIT", 2)
    secret = token(member)

    sent = [call("POST", messages_of(), token=secret, body={"text": f"Message {n}"}) for n in range(3)]

    assert [response.status_code for response in sent] == [201, 201, 429]
    assert sent[2]["Retry-After"] == str(services.RATE_WINDOW_SECONDS)
    assert sent[2].json()["code"] == "rate_limited"
    assert "many messages in a short time" in sent[2].json()["detail"]
    assert Message.objects.count() == 2


def test_sent_twice_with_the_same_once_makes_one_message(community, member):
    secret = token(member)
    body = {"text": "Tea?", "once": "9a8b7c"}

    first = call("POST", messages_of(), token=secret, body=body)
    second = call("POST", messages_of(), token=secret, body=body)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Message.objects.count() == 1


def test_a_decided_applications_conversation_is_closed(community, member, newcomer, application, about):
    post(newcomer, about, community, "application", application.pk, text="May I join?")
    application.status = ApplicationStatus.DECLINED
    application.save(update_fields=["status"])

    response = call("POST", messages_of("application", application.pk), token=token(member), body={"text": "Sorry."})

    assert response.status_code == 409
    assert "conversation is closed" in response.json()["detail"]
    assert Message.objects.count() == 1


def test_the_applicant_writes_in_their_own_applications_conversation(community, newcomer, application):
    response = call("POST", messages_of("application", application.pk), token=token(newcomer), body={"text": "Hi!"})

    assert response.status_code == 201
    assert call("GET", BASE, token=token(newcomer)).status_code == 404  # the community's list stays closed
