"""Access-matrix rows of the conversations router (talkoot/api/tests/harness.py)."""

from talkoot.actions.tests.factories import ActionFactory
from talkoot.api.tests.harness import Case
from talkoot.communities.models import Application

BASE = "/communities/kallio-seniors/conversations"
HELLO = {"text": "Hello **everyone**!"}


def an_action(world):
    return ActionFactory(community=world.community, started_by=world.member, title="Shopping for Hilja")


def outsiders_application(world):
    """The outsider applies to the private community: its conversation is theirs and the deciders'."""
    return Application.objects.create(
        community=world.community, applicant=world.outsider, answers=[{"question": "Why?", "answer": "Neighbours."}]
    )


CASES = [
    Case("conversations_list", "GET", BASE),
    Case("messages_list", "GET", f"{BASE}/community/0/messages"),
    Case("messages_list", "GET", lambda a: f"{BASE}/action/{a.pk}/messages", setup=an_action, note="action"),
    Case(
        "messages_list",
        "GET",
        lambda a: f"{BASE}/application/{a.pk}/messages",
        setup=outsiders_application,
        outsider=200,
        note="the applicant's own",
    ),
    Case("message_post", "POST", f"{BASE}/community/0/messages", body=HELLO, member=201),
    Case(
        "message_post",
        "POST",
        lambda a: f"{BASE}/action/{a.pk}/messages",
        body=HELLO,
        setup=an_action,
        member=201,
        note="action",
    ),
    Case(
        "message_post",
        "POST",
        lambda a: f"{BASE}/application/{a.pk}/messages",
        body=HELLO,
        setup=outsiders_application,
        member=201,
        outsider=201,
        note="the applicant's own",
    ),
]
