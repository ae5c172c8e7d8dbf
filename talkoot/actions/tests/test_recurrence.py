"""Repeating tasks: the rule, the series services, the hourly jobs and the scheduler."""

import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.tasks import task
from django.utils import timezone

from talkoot.actions import recurrence, services
from talkoot.actions.models import ClaimStatus, Stage, Task, TaskSeries
from talkoot.actions.rrules import Schedule, check_rule, parse_rule
from talkoot.actions.tasks import close_assessed_actions, generate_occurrences
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.actions.tests.factories_series import TaskSeriesFactory
from talkoot.core.errors import ApplicationError
from talkoot.core.models import ScheduledRun
from talkoot.core.scheduler import HOURLY, JOBS, Job, period_start, run_due_jobs
from talkoot.members.models import Skill

HELSINKI = ZoneInfo("Europe/Helsinki")


def _helsinki(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


# --- The rule, without a database ------------------------------------------------------------------


def test_rule_is_normalised_for_storage():
    assert parse_rule("  rrule:freq=weekly; byday=tu,th ;").text == "FREQ=WEEKLY;BYDAY=TU,TH"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please say how often the task repeats."),
        ("every tuesday", "This repeat rule is not valid"),
        ("FREQ=FORTNIGHTLY", "This repeat rule is not valid at “FREQ=FORTNIGHTLY”"),
        ("BYDAY=TU", "The rule needs FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not valid at “BYDAY=XX”"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ appears twice"),
        ("FREQ=DAILY;INTERVAL=0", "not valid at “INTERVAL=0”"),
        ("FREQ=DAILY;COUNT=-3", "not valid at “COUNT=-3”"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20990101", "either COUNT or UNTIL"),
        ("FREQ=WEEKLY;UNTIL=2099", "not valid at “UNTIL=2099”"),
        ("FREQ=WEEKLY;UNTIL=20990231", "not valid at “UNTIL=20990231”"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "not valid at “BYMONTHDAY=32”"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "Those days do not exist in those months."),
        ("FREQ=MONTHLY;BYDAY=6MO", "at most five of each weekday"),
        ("FREQ=WEEKLY;BYDAY=1MO", "only work with FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=DAILY;INTERVAL=3;BYDAY=MO", "leave out BYDAY, BYMONTHDAY and BYMONTH"),
        ("FREQ=DAILY;BYHOUR=9,17", "the time of day is chosen separately"),
        ("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR", "do not support BYSETPOS"),
        ("DTSTART:20270101T100000\nRRULE:FREQ=DAILY", "Please leave out DTSTART"),
        ("DTSTART=20270101T100000;FREQ=DAILY", "Please leave out DTSTART"),
        ("FREQ=WEEKLY;BYDAY=" + ",".join(["TU"] * 200), "at most 500 characters"),
    ],
)
def test_invalid_rule_gets_a_clear_message_on_the_rule_field(text, message):
    with pytest.raises(ApplicationError) as caught:
        parse_rule(text)
    assert message in caught.value.message
    assert caught.value.field == "rrule"


@pytest.mark.parametrize("frequency", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_rule_finer_than_a_day_is_refused(frequency):
    with pytest.raises(ApplicationError, match="at most once a day"):
        parse_rule(f"FREQ={frequency}")


def test_rule_whose_end_is_past_is_refused():
    with pytest.raises(ApplicationError, match="already ended"):
        check_rule("FREQ=WEEKLY;UNTIL=20200101T000000Z", _helsinki(2027, 1, 5, 10, 0))


def test_rule_ending_before_its_first_time_is_refused():
    with pytest.raises(ApplicationError, match="ends before its first time"):
        check_rule("FREQ=WEEKLY;UNTIL=20261231", _helsinki(2099, 1, 5, 10, 0), now=_helsinki(2026, 12, 1))


def test_rule_that_never_happens_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(ApplicationError, match="never happens"):
        # Every fourth year from an odd year never reaches a 29 February.
        check_rule("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", _helsinki(2027, 1, 5, 10, 0))
    assert time.monotonic() - started < 2


def test_weekly_at_ten_stays_at_ten_helsinki_time_across_the_end_of_summer_time():
    # Summer time ends on Sunday 31 October 2027: 10:00 is 07:00 UTC before and 08:00 UTC after.
    schedule = Schedule("FREQ=WEEKLY;BYDAY=TU", _helsinki(2027, 10, 19, 10, 0), HELSINKI)
    moments = schedule.between(_helsinki(2027, 10, 1), _helsinki(2027, 11, 10))
    assert [moment.astimezone(HELSINKI).strftime("%a %d.%m. %H:%M") for moment in moments] == [
        "Tue 19.10. 10:00",
        "Tue 26.10. 10:00",
        "Tue 02.11. 10:00",
        "Tue 09.11. 10:00",
    ]
    assert [moment.astimezone(UTC).hour for moment in moments] == [7, 7, 8, 8]


def test_between_includes_its_start_and_excludes_its_end():
    schedule = Schedule("FREQ=DAILY", _helsinki(2027, 3, 1, 9, 0), HELSINKI)
    moments = schedule.between(_helsinki(2027, 3, 2, 9, 0), _helsinki(2027, 3, 4, 9, 0))
    assert [moment.astimezone(HELSINKI).day for moment in moments] == [2, 3]


def test_monthly_last_friday_and_count():
    schedule = Schedule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", _helsinki(2027, 1, 1, 18, 0), HELSINKI)
    moments = schedule.between(_helsinki(2027, 1, 1), _helsinki(2028, 1, 1))
    assert [moment.astimezone(HELSINKI).date().isoformat() for moment in moments] == ["2027-01-29", "2027-02-26"]


# --- Services ------------------------------------------------------------------------------------


def _tomorrow_at(hour: int) -> datetime:
    tomorrow = timezone.localdate(timezone.now(), HELSINKI) + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, hour, 0, tzinfo=HELSINKI)


def _create(member, action, **overrides) -> TaskSeries:
    arguments = {
        "creator": member,
        "action": action,
        "title": "Coffee morning",
        "effort_minutes": 60,
        "slots": 2,
        "rrule": "FREQ=DAILY",
        "first_starts_at": _tomorrow_at(10),
        "weeks_ahead": 1,
        "place": "Kallio library",
        "description": "Bring biscuits.",
    }
    return recurrence.series_create(**(arguments | overrides))


def _open_times(series) -> list[datetime]:
    return list(series.occurrences.filter(cancelled_at__isnull=True).values_list("starts_at", flat=True))


@pytest.mark.django_db
def test_series_create_makes_the_occurrences_of_the_coming_weeks_at_once(member, community):
    action = ActionFactory(community=community)
    skill = Skill.objects.create(slug="baking", name="Baking", is_curated=True)
    before = timezone.now()
    series = _create(member, action, skills=[skill])
    tasks = list(series.occurrences.order_by("starts_at"))
    # Daily from tomorrow, up to one week ahead.
    assert len(tasks) == len(Schedule("FREQ=DAILY", _tomorrow_at(10)).between(before, before + timedelta(weeks=1)))
    assert len(tasks) >= 6
    first = tasks[0]
    assert first.starts_at == _tomorrow_at(10)
    assert first.ends_at - first.starts_at == timedelta(minutes=60)
    assert (first.title, first.description, first.place, first.slots) == (
        "Coffee morning",
        "Bring biscuits.",
        "Kallio library",
        2,
    )
    assert first.action == action and first.created_by == member
    assert list(first.skills.all()) == [skill]
    assert series.generated_until is not None


@pytest.mark.django_db
def test_series_create_refuses_an_outsider(outsider, community):
    with pytest.raises(ApplicationError, match="Only members"):
        _create(outsider, ActionFactory(community=community))
    assert not TaskSeries.objects.exists()


@pytest.mark.django_db
def test_series_create_refuses_a_first_time_in_the_past(member, community):
    with pytest.raises(ApplicationError, match="already past") as caught:
        _create(member, ActionFactory(community=community), first_starts_at=timezone.now() - timedelta(hours=1))
    assert caught.value.field == "first_starts_at"


@pytest.mark.django_db
def test_series_create_refuses_an_invalid_rule_with_a_message(member, community):
    with pytest.raises(ApplicationError, match="at most once a day") as caught:
        _create(member, ActionFactory(community=community), rrule="FREQ=HOURLY")
    assert caught.value.field == "rrule"
    assert not Task.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("effort_minutes", 0), ("slots", 101), ("weeks_ahead", 27), ("title", "")]
)
def test_series_create_checks_the_same_limits_as_a_task(member, community, field, value):
    with pytest.raises(ApplicationError) as caught:
        _create(member, ActionFactory(community=community), **{field: value})
    assert caught.value.field == field


@pytest.mark.django_db
def test_series_create_refuses_a_closed_action(member, community):
    with pytest.raises(ApplicationError, match="closed"):
        _create(member, ActionFactory(community=community, stage=Stage.CLOSED))


@pytest.mark.django_db
def test_generation_is_idempotent_and_continues_week_by_week(community):
    series = TaskSeriesFactory(
        action__community=community, rrule="FREQ=WEEKLY;BYDAY=TU", first_starts_at=_helsinki(2027, 10, 19, 10, 0)
    )
    now = _helsinki(2027, 10, 18, 12, 0)
    assert recurrence.occurrences_generate(now=now) == 4
    assert recurrence.occurrences_generate(now=now) == 0
    assert recurrence.occurrences_generate(now=now + timedelta(minutes=30)) == 0
    assert recurrence.occurrences_generate(now=now + timedelta(weeks=1)) == 1
    times = sorted(timezone.localtime(t, HELSINKI).strftime("%d.%m. %H:%M") for t in _open_times(series))
    # 10:00 Helsinki time on both sides of the end of summer time (31 October 2027).
    assert times == ["02.11. 10:00", "09.11. 10:00", "16.11. 10:00", "19.10. 10:00", "26.10. 10:00"]


@pytest.mark.django_db
def test_generation_does_not_recreate_a_cancelled_occurrence(community):
    series = TaskSeriesFactory(
        action__community=community, rrule="FREQ=DAILY", first_starts_at=_helsinki(2027, 5, 3, 9)
    )
    now = _helsinki(2027, 5, 1)
    recurrence.occurrences_generate(now=now)
    cancelled = series.occurrences.order_by("starts_at").first()
    Task.objects.filter(pk=cancelled.pk).update(cancelled_at=now)
    TaskSeries.objects.filter(pk=series.pk).update(generated_until=None)
    recurrence.occurrences_generate(now=now)
    assert series.occurrences.filter(starts_at=cancelled.starts_at).count() == 1


@pytest.mark.django_db
def test_generation_rests_for_stopped_series_and_closed_actions(community):
    first = _helsinki(2027, 5, 3, 9)
    TaskSeriesFactory(action__community=community, rrule="FREQ=DAILY", first_starts_at=first, stopped_at=first)
    TaskSeriesFactory(action__community=community, action__stage=Stage.CLOSED, first_starts_at=first)
    assert recurrence.occurrences_generate(now=_helsinki(2027, 5, 1)) == 0
    assert not Task.objects.exists()


def _future_occurrences(series):
    return series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at")


@pytest.mark.django_db
def test_series_update_changes_only_future_occurrences_nobody_claimed(member, steward, community):
    action = ActionFactory(community=community)
    series = _create(member, action, rrule="FREQ=DAILY", slots=1)
    past = TaskFactory(
        action=action, series=series, title="Coffee morning", starts_at=timezone.now() - timedelta(days=2)
    )
    claimed, withdrawn, *_rest = _future_occurrences(series)
    services.task_claim(member=steward, task=claimed)
    services.claim_withdraw(member=member, claim=services.task_claim(member=member, task=withdrawn))
    untouched = {task.pk: (task.title, task.starts_at) for task in (past, claimed, withdrawn)}

    recurrence.series_update(
        editor=member,
        series=series,
        title="Coffee and a walk",
        effort_minutes=90,
        slots=3,
        rrule="FREQ=DAILY",
        first_starts_at=_tomorrow_at(14),  # the time moves from 10:00 to 14:00
        weeks_ahead=1,
    )

    for occurrence in Task.objects.filter(pk__in=untouched):
        assert (occurrence.title, occurrence.starts_at) == untouched[occurrence.pk]
    assert claimed.claims.filter(status=ClaimStatus.ACTIVE).count() == 1
    renewed = _future_occurrences(series).exclude(pk__in=untouched)
    assert renewed.count() >= 6
    for occurrence in renewed:
        assert timezone.localtime(occurrence.starts_at, HELSINKI).hour == 14
        assert (occurrence.title, occurrence.effort_minutes, occurrence.slots) == ("Coffee and a walk", 90, 3)
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)
    assert not series.occurrences.filter(starts_at__gt=timezone.now(), title="Coffee morning", taken=0).exclude(
        pk__in=untouched
    )


@pytest.mark.django_db
def test_series_update_without_a_new_time_updates_the_same_tasks_in_place(member, community):
    series = _create(member, ActionFactory(community=community))
    before = set(series.occurrences.values_list("pk", flat=True))
    recurrence.series_update(
        editor=member,
        series=series,
        title="Coffee morning (upstairs)",
        effort_minutes=60,
        slots=2,
        rrule=series.rrule,
        first_starts_at=series.first_starts_at,
        weeks_ahead=1,
    )
    assert set(series.occurrences.values_list("pk", flat=True)) == before
    assert set(series.occurrences.values_list("title", flat=True)) == {"Coffee morning (upstairs)"}


@pytest.mark.django_db
def test_series_update_refuses_an_invalid_rule_and_changes_nothing(member, community):
    series = _create(member, ActionFactory(community=community))
    count = series.occurrences.count()
    with pytest.raises(ApplicationError, match="not valid"):
        recurrence.series_update(
            editor=member,
            series=series,
            title="Renamed",
            effort_minutes=60,
            slots=2,
            rrule="FREQ=WEEKLY;BYDAY=TUESDAY",
            first_starts_at=series.first_starts_at,
            weeks_ahead=1,
        )
    series.refresh_from_db()
    assert series.title == "Coffee morning"
    assert series.occurrences.count() == count


@pytest.mark.django_db
def test_series_stop_keeps_the_past_and_the_claimed(member, steward, community):
    action = ActionFactory(community=community)
    series = _create(member, action)
    past = TaskFactory(action=action, series=series, starts_at=timezone.now() - timedelta(days=1))
    claimed = _future_occurrences(series).first()
    services.task_claim(member=steward, task=claimed)
    unclaimed = _future_occurrences(series).filter(taken=0).count()

    recurrence.series_stop(member=member, series=series)

    series.refresh_from_db()
    assert series.stopped_at is not None
    assert set(series.occurrences.filter(cancelled_at__isnull=True)) == {past, claimed}
    assert series.occurrences.filter(cancelled_at__isnull=False).count() == unclaimed > 0
    assert recurrence.occurrences_generate(now=timezone.now() + timedelta(weeks=2)) == 0
    with pytest.raises(ApplicationError, match="already been stopped"):
        recurrence.series_stop(member=member, series=series)


@pytest.mark.django_db
def test_series_stop_refuses_an_outsider(outsider, member, community):
    series = _create(member, ActionFactory(community=community))
    with pytest.raises(ApplicationError, match="Only members"):
        recurrence.series_stop(member=outsider, series=series)
    series.refresh_from_db()
    assert series.stopped_at is None


@pytest.mark.django_db
def test_series_door_answers_404_outside_its_community(member, outsider, community, other_community):
    series = TaskSeriesFactory(action__community=community)
    assert recurrence.series_for(member, community, series.pk) == series
    for person, place, series_id in [
        (outsider, community, series.pk),
        (None, community, series.pk),
        (member, other_community, series.pk),
        (member, community, "nonsense"),
        (member, community, 10**30),
    ]:
        with pytest.raises(Http404):
            recurrence.series_for(person, place, series_id)


# --- The jobs ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_occurrences_job_creates_the_occurrences(community):
    TaskSeriesFactory(action__community=community, rrule="FREQ=DAILY", weeks_ahead=1)
    result = generate_occurrences.enqueue()  # the immediate backend runs it here
    assert result.return_value == Task.objects.count() >= 6


@pytest.mark.django_db
def test_close_assessed_actions_job_closes_after_fourteen_days(community):
    due = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now() - timedelta(days=15))
    fresh = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now())
    assert close_assessed_actions.enqueue().return_value == 1
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert (due.stage, fresh.stage) == (Stage.CLOSED, Stage.ASSESS)


# --- The scheduler -------------------------------------------------------------------------------

_runs: list[str] = []
_runs_lock = threading.Lock()


@task
def count_run() -> None:
    with _runs_lock:
        _runs.append("ran")


COUNTING_JOB = Job("tests.count_run", "talkoot.actions.tests.test_recurrence.count_run", HOURLY)


def test_period_start_is_the_start_of_the_hour_in_utc():
    assert period_start(datetime(2027, 3, 1, 10, 59, 59, tzinfo=UTC), HOURLY) == datetime(2027, 3, 1, 10, tzinfo=UTC)
    assert period_start(_helsinki(2027, 3, 1, 12, 30), HOURLY) == datetime(2027, 3, 1, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_scheduler_enqueues_a_job_once_per_period():
    _runs.clear()
    now = datetime(2027, 3, 1, 10, 5, tzinfo=UTC)
    assert [run.job_name for run in run_due_jobs(now=now, jobs=(COUNTING_JOB,))] == ["tests.count_run"]
    assert run_due_jobs(now=now + timedelta(minutes=54), jobs=(COUNTING_JOB,)) == []
    assert len(run_due_jobs(now=now + timedelta(minutes=55), jobs=(COUNTING_JOB,))) == 1
    assert len(_runs) == 2
    assert list(ScheduledRun.objects.order_by("period_start").values_list("period_start", flat=True)) == [
        datetime(2027, 3, 1, 10, tzinfo=UTC),
        datetime(2027, 3, 1, 11, tzinfo=UTC),
    ]


@pytest.mark.django_db
def test_scheduler_forgets_runs_after_a_month():
    now = datetime(2027, 3, 1, 10, 5, tzinfo=UTC)
    run_due_jobs(now=now, jobs=(COUNTING_JOB,))
    run_due_jobs(now=now + timedelta(days=31), jobs=(COUNTING_JOB,))
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db
def test_run_scheduler_once_enqueues_the_registered_jobs(capsys, community):
    TaskSeriesFactory(action__community=community, rrule="FREQ=DAILY", weeks_ahead=1)
    call_command("run_scheduler", "--once")
    output = capsys.readouterr().out
    assert "actions.generate_occurrences" in output and "actions.close_assessed_actions" in output
    assert Task.objects.count() >= 6
    call_command("run_scheduler", "--once")
    assert capsys.readouterr().out == ""
    assert ScheduledRun.objects.count() == len(JOBS)  # one run per job and period, however often asked


def _at_once(count: int, work) -> list[str]:
    """Run `work` in `count` threads released together; each thread has its own connection."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(timeout=30)
            result = repr(work())
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_job_once_per_period():
    _runs.clear()
    now = datetime(2027, 3, 1, 10, 5, tzinfo=UTC)
    outcomes = _at_once(4, lambda: len(run_due_jobs(now=now, jobs=(COUNTING_JOB,))))
    assert sorted(outcomes) == ["0", "0", "0", "1"]
    assert _runs == ["ran"]
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_create_each_occurrence_once(community):
    series = TaskSeriesFactory(
        action__community=community, rrule="FREQ=DAILY", first_starts_at=_helsinki(2027, 5, 3, 9)
    )
    now = _helsinki(2027, 5, 1)
    outcomes = _at_once(3, lambda: recurrence.occurrences_generate(now=now))
    assert sorted(outcomes) == ["0", "0", "26"]  # 3 May 09:00 up to 29 May 00:00
    assert series.occurrences.count() == 26
