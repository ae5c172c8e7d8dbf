"""The notifications API: the caller's own notifications, read and marked read as on their page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.members.models import Member
from talkoot.members.tests.factories import MemberFactory
from talkoot.notifications.models import Notification, NotificationKind
from talkoot.notifications.services import notify

pytestmark = pytest.mark.django_db


def token(person, scope=Scope.READ_WRITE) -> str:
    return access_token_create(member=person, name="tests", scope=scope)[1]


def warm(secret: str) -> str:
    """A token used once already: its first use writes `last_used_at`, which no later call does."""
    call("GET", "/me", token=secret)
    return secret


def trust(recipient, actor, community) -> Notification:
    return notify(recipients=[recipient], kind=NotificationKind.TRUST_RECEIVED, community=community, actor=actor)[0]


def thanks(recipient, actor, community, message="Thank you for the soup!") -> Notification:
    return notify(
        recipients=[recipient],
        kind=NotificationKind.THANKS_RECEIVED,
        community=community,
        actor=actor,
        detail={"message": message},
        url="/c/kallio-seniors/",
    )[0]


def unread(person) -> int:
    return Member.objects.get(pk=person.pk).unread_notifications


def test_a_member_reads_their_notifications_newest_first_as_sentences(community, member, steward, outsider):
    older = trust(member, steward, community)
    newer = thanks(member, steward, community)
    trust(outsider, steward, community)  # someone else's

    response = call("GET", "/notifications", token=token(member))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [n["id"] for n in items] == [newer.pk, older.pk]
    assert items[0]["sentence"] == "Aino Virtanen thanked you: “Thank you for the soup!”"
    assert items[0]["detail"] == {"message": "Thank you for the soup!"}
    assert items[0]["url"] == "/c/kallio-seniors/"
    assert items[0]["actor"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert items[0]["community"] == {"slug": "kallio-seniors", "name": "Kallio Seniors Together"}
    assert items[1]["read_at"] is None
    assert "aino@example.org" not in response.content.decode()


def test_notifications_come_a_page_at_a_time_by_cursor(community, member, steward):
    for _number in range(5):
        trust(member, steward, community)
    secret = token(member)

    first = call("GET", "/notifications?limit=2", token=secret).json()
    second = call("GET", f"/notifications?limit=2&cursor={first['next_cursor']}", token=secret).json()
    third = call("GET", f"/notifications?limit=2&cursor={second['next_cursor']}", token=secret).json()

    ids = [n["id"] for page in (first, second, third) for n in page["items"]]
    assert ids == list(Notification.objects.order_by("-created_at", "-id").values_list("id", flat=True))
    assert third["next_cursor"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=all", "cursor=forged"])
def test_a_bad_limit_or_cursor_is_refused(member, query):
    assert call("GET", f"/notifications?{query}", token=token(member)).status_code in (400, 422)


def test_listing_takes_the_same_queries_for_2_or_10(community, member, steward):
    connection.features.supports_json_field  # noqa: B018 - SQLite asks once, outside the count
    secret = warm(token(member))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", "/notifications", token=secret).status_code == 200
        return len(captured)

    for _number in range(2):
        thanks(member, steward, community)
    few = queries()
    for _number in range(8):
        thanks(member, MemberFactory(), community)
    assert queries() == few


def test_marking_one_read_lowers_the_unread_count(community, member, steward):
    first = trust(member, steward, community)
    trust(member, steward, community)
    assert unread(member) == 2

    response = call("POST", f"/notifications/{first.pk}/read", token=token(member))

    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert unread(member) == 1
    assert call("POST", f"/notifications/{first.pk}/read", token=token(member)).status_code == 200  # again: no change
    assert unread(member) == 1


def test_someone_elses_notification_is_not_found(community, member, steward, outsider):
    theirs = trust(outsider, steward, community)

    assert call("POST", f"/notifications/{theirs.pk}/read", token=token(member)).status_code == 404
    assert call("POST", "/notifications/999999/read", token=token(member)).status_code == 404
    assert call("POST", "/notifications/first/read", token=token(member)).status_code == 422
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_all_read_marks_only_ones_own(community, member, steward, outsider):
    trust(member, steward, community)
    thanks(member, steward, community)
    theirs = trust(outsider, steward, community)

    response = call("POST", "/notifications/read-all", token=token(member))

    assert response.status_code == 200
    assert response.json() == {"marked": 2, "unread_notifications": 0}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert call("POST", "/notifications/read-all", token=token(member)).json()["marked"] == 0


def test_a_read_only_token_marks_nothing_read(community, member, steward):
    notification = trust(member, steward, community)

    assert call("POST", "/notifications/read-all", token=token(member, Scope.READ)).status_code == 403
    assert call("POST", f"/notifications/{notification.pk}/read", token=token(member, Scope.READ)).status_code == 403
    assert unread(member) == 1
