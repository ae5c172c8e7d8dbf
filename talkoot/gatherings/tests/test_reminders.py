"""Those coming to a gathering are reminded the day before, once, by e-mail in their language."""

import email
import email.policy
from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.communities.models import Membership
from talkoot.core.scheduler import JOBS
from talkoot.gatherings import services
from talkoot.gatherings.models import Answer, Attendance
from talkoot.gatherings.tasks import remind_coming
from talkoot.gatherings.tests.factories import OccurrenceFactory
from talkoot.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def coming(member, occurrence, *, answered_before: timedelta = timedelta(days=3), answer=Answer.COMING):
    """An answer given some time before the gathering starts (as if answered back then)."""
    return Attendance.objects.create(
        occurrence=occurrence, member=member, answer=answer, answered_at=occurrence.starts_at - answered_before
    )


def a_time_in(community, hours: float, **gathering):
    starts = timezone.now() + timedelta(hours=hours)
    return OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Coffee morning",
        gathering__action__place="Club room",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        **{f"gathering__{key}": value for key, value in gathering.items()},
    )


def reminders_of(member):
    return list(Notification.objects.filter(recipient=member, kind=NotificationKind.GATHERING_REMINDER))


def test_who_said_coming_is_reminded_once_the_day_before(member, community):
    tomorrow = a_time_in(community, 20)
    next_week = a_time_in(community, 24 * 7)
    coming(member, tomorrow)
    coming(member, next_week)
    assert services.coming_remind() == 1
    assert services.coming_remind() == 0  # the next quarter's run
    (reminder,) = reminders_of(member)
    assert reminder.detail["title"] == "Coffee morning" and reminder.detail["place"] == "Club room"
    assert reminder.url == f"/c/{community.slug}/gatherings/times/{tomorrow.pk}/"


def test_maybe_not_coming_cancelled_hidden_and_late_answers_get_no_reminder(member, steward, community):
    coming(member, a_time_in(community, 20), answer=Answer.MAYBE)
    coming(steward, a_time_in(community, 20), answer=Answer.NOT_COMING)
    cancelled = a_time_in(community, 10)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    coming(member, cancelled)
    hidden = a_time_in(community, 12)
    hidden.gathering.action.hidden_at = timezone.now()
    hidden.gathering.action.save()
    coming(member, hidden)
    # An answer given three hours before: they have it in mind, no reminder needed.
    coming(steward, a_time_in(community, 2), answered_before=timedelta(hours=3))
    assert services.coming_remind() == 0


def test_a_member_who_left_the_community_is_not_reminded(member, community):
    coming(member, a_time_in(community, 20))
    Membership.objects.filter(member=member, community=community).update(left_at=timezone.now())
    assert services.coming_remind() == 0


def test_the_reminder_says_video_without_the_link(member, community):
    coming(member, a_time_in(community, 5, video_url="https://video.example.org/chair-exercise"))
    remind_coming.call()
    (reminder,) = reminders_of(member)
    assert reminder.detail["video"] is True
    assert "video.example.org" not in str(reminder.detail)


def test_the_scheduler_runs_the_reminders_every_quarter_of_an_hour():
    (job,) = [job for job in JOBS if job.name == "gatherings.remind_coming"]
    assert job.every == timedelta(minutes=15) and job.task() is remind_coming


def test_the_reminder_e_mail_arrives_in_finnish(member, community, smtp_server, django_capture_on_commit_callbacks):
    member.language = "fi"
    member.save(update_fields=["language"])
    coming(member, a_time_in(community, 20))
    with django_capture_on_commit_callbacks(execute=True):
        services.coming_remind()
    (envelope,) = smtp_server.envelopes
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert envelope.rcpt_tos == [member.email] and message["Content-Language"] == "fi"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Muistutus: ”Coffee morning” kokoontuu" in text and "Club room" in text
