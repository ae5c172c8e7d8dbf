"""The notification pages: the list with its unread count, opening one, preferences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talkoot.members.models import Member
from talkoot.notifications.models import Delivery, Notification, NotificationKind, Preference
from talkoot.notifications.services import notify

pytestmark = pytest.mark.django_db


def tell(member, community, actor, n=1):
    for _ in range(n):
        notify(
            recipients=[member],
            kind=NotificationKind.TRUST_RECEIVED,
            community=community,
            actor=actor,
            url=f"/c/{community.slug}/",
        )


def test_the_header_counts_unread_and_opening_one_reads_it(community, member, steward, client_for):
    tell(member, community, steward, 2)
    client = client_for(member)
    html = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> unread</span>' in html
    assert "Aino Virtanen gave you their trust." in html

    first = Notification.objects.filter(recipient=member).first()
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == f"/c/{community.slug}/"
    assert Member.objects.get(pk=member.pk).unread_notifications == 1

    client.post(reverse("notifications:read_all"))
    assert Member.objects.get(pk=member.pk).unread_notifications == 0
    assert 'class="badge"' not in client.get(reverse("notifications:list")).content.decode()


def test_someone_elses_notification_is_404(community, member, steward, client_for):
    tell(member, community, steward)
    theirs = Notification.objects.get()
    assert client_for(steward).post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_the_list_reads_the_same_queries_for_few_and_many(community, member, steward, client_for):
    def measure() -> int:
        connection.features.supports_json_field  # noqa: B018 - SQLite asks once per connection
        with CaptureQueriesContext(connection) as queries:
            assert client_for(member).get(reverse("notifications:list")).status_code == 200
        return len(queries)

    tell(member, community, steward, 1)
    few = measure()
    tell(member, community, steward, 30)
    assert measure() == few


def test_preferences_are_saved_and_wrong_values_refused(member, client_for):
    client = client_for(member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Reminder before a task you took on" in page

    client.post(reverse("notifications:preferences"), {NotificationKind.MENTIONED: Delivery.EMAIL})
    assert Preference.objects.get(member=member, kind=NotificationKind.MENTIONED).delivery == Delivery.EMAIL

    response = client.post(reverse("notifications:preferences"), {NotificationKind.MENTIONED: "pigeon"}, follow=True)
    assert "Please choose one of the options." in response.content.decode()
    assert Preference.objects.get(member=member, kind=NotificationKind.MENTIONED).delivery == Delivery.EMAIL


def test_anonymous_is_asked_to_log_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
