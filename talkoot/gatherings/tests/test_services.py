"""Gatherings: starting one, its times (across a daylight-saving change), answers and who was there."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from talkoot.actions.models import ActionParticipant, Stage, Task, TaskSeries
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.gatherings import services
from talkoot.gatherings.models import Answer, Attendance, Occurrence
from talkoot.gatherings.services import HostingRole
from talkoot.gatherings.tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def start(member, community, **overrides):
    arguments = {
        "starter": member,
        "community": community,
        "title": "Coffee morning",
        "first_starts_at": timezone.now() + timedelta(days=3),
        "duration_minutes": 90,
    } | overrides
    return services.gathering_start(**arguments)


def test_a_member_starts_a_one_off_gathering_with_its_time_and_hosting_tasks(member, community):
    gathering = start(
        member, community, capacity=12, place="Common room", roles=[HostingRole("Host"), HostingRole("Bring coffee", 2)]
    )
    assert gathering.action.stage == Stage.DELIVER
    assert ActionParticipant.objects.filter(action=gathering.action, member=member).exists()
    (occurrence,) = gathering.occurrences.all()
    assert occurrence.starts_at == gathering.first_starts_at and occurrence.capacity == 12
    assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)
    tasks = Task.objects.filter(action=gathering.action).order_by("pk")
    assert [(t.title, t.slots, t.starts_at) for t in tasks] == [
        ("Host", 1, occurrence.starts_at),
        ("Bring coffee", 2, occurrence.starts_at),
    ]


def test_a_weekly_gathering_keeps_its_wall_clock_time_across_the_spring_change_in_helsinki(member, community):
    first = datetime(2027, 3, 16, 10, 0, tzinfo=HELSINKI)  # Tuesdays; clocks go forward on 28 March 2027
    gathering = start(member, community, first_starts_at=first, rrule="FREQ=WEEKLY;BYDAY=TU", weeks_ahead=26)
    times = list(gathering.occurrences.filter(starts_at__lt=datetime(2027, 4, 14, tzinfo=HELSINKI)))
    local = [timezone.localtime(o.starts_at, HELSINKI) for o in times]
    assert [t.date().isoformat() for t in local] == [
        "2027-03-16",
        "2027-03-23",
        "2027-03-30",
        "2027-04-06",
        "2027-04-13",
    ]
    assert {(t.hour, t.minute) for t in local} == {(10, 0)}
    assert [t.utcoffset() for t in local] == [timedelta(hours=2)] * 2 + [timedelta(hours=3)] * 3


def test_a_rule_that_never_ends_makes_only_the_weeks_ahead_and_the_job_adds_more_later(member, community):
    gathering = start(member, community, rrule="FREQ=DAILY", weeks_ahead=2)  # from three days ahead
    assert gathering.occurrences.count() in (11, 12)
    assert max(gathering.occurrences.values_list("starts_at", flat=True)) < timezone.now() + timedelta(weeks=2)
    assert services.occurrences_generate() == 0  # nothing new until time passes
    later = timezone.now() + timedelta(days=7)
    assert 6 <= services.occurrences_generate(now=later) <= 8
    assert Occurrence.objects.filter(gathering=gathering).values("starts_at").distinct().count() == (
        gathering.occurrences.count()
    )


def test_a_repeating_gathering_makes_its_hosting_work_a_repeating_task(member, community):
    gathering = start(member, community, rrule="FREQ=WEEKLY", weeks_ahead=4, roles=[HostingRole("Lead the exercise")])
    (series,) = TaskSeries.objects.filter(action=gathering.action)
    assert series.rrule == gathering.rrule and series.first_starts_at == gathering.first_starts_at
    task_times = set(Task.objects.filter(series=series).values_list("starts_at", flat=True))
    assert task_times == set(gathering.occurrences.values_list("starts_at", flat=True))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"video_url": "http://meet.example.org/coffee"}, "video_url"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"first_starts_at": timezone.now() - timedelta(hours=1)}, "first_starts_at"),
        ({"rrule": "FREQ=SECONDLY"}, "rrule"),
        ({"weeks_ahead": 0}, "weeks_ahead"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_made(member, community, overrides, field):
    with pytest.raises(ApplicationError) as refused:
        start(member, community, **overrides)
    assert refused.value.field == field and refused.value.message
    assert not Occurrence.objects.exists()


def test_only_members_start_gatherings(outsider, community):
    with pytest.raises(ApplicationError):
        start(outsider, community)


def test_answers_count_once_and_give_the_place_back(member, steward, community):
    occurrence = OccurrenceFactory(gathering__action__community=community, capacity=1)
    services.attendance_answer(member=member, occurrence=occurrence, answer=Answer.COMING)
    services.attendance_answer(member=member, occurrence=occurrence, answer=Answer.COMING)  # a double click
    occurrence.refresh_from_db()
    assert occurrence.coming == 1
    with pytest.raises(ApplicationError, match="All places are taken"):
        services.attendance_answer(member=steward, occurrence=occurrence, answer=Answer.COMING)
    services.attendance_answer(member=steward, occurrence=occurrence, answer=Answer.MAYBE)
    services.attendance_answer(member=member, occurrence=occurrence, answer=Answer.NOT_COMING)
    services.attendance_answer(member=steward, occurrence=occurrence, answer=Answer.COMING)
    occurrence.refresh_from_db()
    assert occurrence.coming == 1
    assert dict(Attendance.objects.values_list("member__email", "answer")) == {
        member.email: Answer.NOT_COMING,
        steward.email: Answer.COMING,
    }


def test_answers_are_refused_for_past_cancelled_and_outsiders(member, outsider, community):
    past = OccurrenceFactory(
        gathering__action__community=community,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    with pytest.raises(ApplicationError, match="already past"):
        services.attendance_answer(member=member, occurrence=past, answer=Answer.COMING)
    cancelled = OccurrenceFactory(gathering__action__community=community, cancelled_at=timezone.now())
    with pytest.raises(ApplicationError, match="cancelled"):
        services.attendance_answer(member=member, occurrence=cancelled, answer=Answer.COMING)
    fine = OccurrenceFactory(gathering__action__community=community)
    with pytest.raises(ApplicationError):
        services.attendance_answer(member=outsider, occurrence=fine, answer=Answer.COMING)
    with pytest.raises(ApplicationError):
        services.attendance_answer(member=member, occurrence=fine, answer="perhaps")
    assert not Attendance.objects.exists()


def test_who_was_there_is_told_after_it_began_and_they_may_then_assess(member, steward, community):
    gathering = start(steward, community)
    occurrence = gathering.occurrences.get()
    services.attendance_answer(member=member, occurrence=occurrence, answer=Answer.COMING)
    with pytest.raises(ApplicationError, match="once the gathering has begun"):
        services.attendance_confirm(member=steward, occurrence=occurrence, present={member.pk})
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(minutes=30)
    )
    occurrence.refresh_from_db()
    with pytest.raises(ApplicationError, match="taking part"):
        services.attendance_confirm(member=member, occurrence=occurrence, present={member.pk})
    newcomer_here = MembershipFactory(community=community).member
    assert services.attendance_confirm(member=steward, occurrence=occurrence, present={newcomer_here.pk}) == 1
    attended = dict(Attendance.objects.filter(occurrence=occurrence).values_list("member_id", "attended"))
    assert attended == {member.pk: False, newcomer_here.pk: True}
    assert ActionParticipant.objects.filter(action=gathering.action, member=newcomer_here).exists()


def test_only_community_members_can_be_marked_as_there(steward, outsider, community):
    gathering = start(steward, community)
    occurrence = gathering.occurrences.get()
    Occurrence.objects.filter(pk=occurrence.pk).update(starts_at=timezone.now() - timedelta(minutes=10))
    occurrence.refresh_from_db()
    with pytest.raises(ApplicationError, match="Only members"):
        services.attendance_confirm(member=steward, occurrence=occurrence, present={outsider.pk})
    assert not Attendance.objects.exists()


def test_cancelling_a_time_tells_who_answered_and_cancels_its_hosting_work(member, steward, community):
    from talkoot.notifications.models import Notification, NotificationKind

    gathering = start(steward, community, rrule="FREQ=WEEKLY", weeks_ahead=3, roles=[HostingRole("Host")])
    first, second = gathering.occurrences.order_by("starts_at")[:2]
    services.attendance_answer(member=member, occurrence=first, answer=Answer.MAYBE)
    with pytest.raises(ApplicationError, match="taking part"):
        services.occurrence_cancel(member=member, occurrence=first)
    services.occurrence_cancel(member=steward, occurrence=first)
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert Task.objects.get(action=gathering.action, starts_at=first.starts_at).cancelled_at is not None
    assert Task.objects.get(action=gathering.action, starts_at=second.starts_at).cancelled_at is None
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.GATHERING_CANCELLED).count() == 1
    with pytest.raises(ApplicationError, match="cancelled"):
        services.occurrence_cancel(member=steward, occurrence=first)
    with pytest.raises(ApplicationError, match="cancelled"):
        services.attendance_answer(member=member, occurrence=first, answer=Answer.COMING)


def test_stopping_a_repeating_gathering_cancels_its_coming_times_and_makes_no_more(steward, community):
    gathering = start(steward, community, rrule="FREQ=WEEKLY", weeks_ahead=3, roles=[HostingRole("Host")])
    services.gathering_stop(member=steward, gathering=gathering)
    assert not gathering.occurrences.filter(cancelled_at__isnull=True).exists()
    assert TaskSeries.objects.get(action=gathering.action).stopped_at is not None
    assert services.occurrences_generate(now=timezone.now() + timedelta(weeks=4)) == 0
    with pytest.raises(ApplicationError, match="stopped already"):
        services.gathering_stop(member=steward, gathering=gathering)
