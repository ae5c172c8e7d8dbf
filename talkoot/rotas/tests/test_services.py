"""Rotating teams: generation, team first then everyone, swaps, and the input that must be refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.actions.models import Claim, Stage, Task
from talkoot.actions.services import task_claim
from talkoot.core.errors import ApplicationError
from talkoot.notifications.models import Notification, NotificationKind
from talkoot.rotas import services
from talkoot.rotas.models import RotaDuty, RotaDutyTask, RotaSwap, RotaTeamMember, SwapStatus
from talkoot.rotas.services import duties_generate, duties_remind, swap_accept, swap_propose, team_join, week_of
from talkoot.rotas.tests.factories import make_rota, member_of, next_monday_at

pytestmark = pytest.mark.django_db


def _weeks(rota):
    """{week: [team position of each duty]} in order."""
    weeks: dict = {}
    for duty in rota.duties.select_related("team").order_by("starts_at"):
        weeks.setdefault(duty.week, []).append(duty.team.position)
    return weeks


# --- Generation -------------------------------------------------------------------------------------------


def test_six_teams_take_twelve_weeks_of_weekday_dinners_in_turn(community):
    rota = make_rota(community=community)

    weeks = _weeks(rota)
    assert len(weeks) == 12
    first = week_of(rota.first_starts_at)
    for index, (week, positions) in enumerate(sorted(weeks.items())):
        assert week == first + timedelta(weeks=index)
        assert positions == [index % 6] * 5  # Monday to Friday, all the same team
    for k in range(6):
        on_duty = sorted(week for week, positions in weeks.items() if positions[0] == k)
        assert on_duty == [first + timedelta(weeks=k), first + timedelta(weeks=k + 6)]

    tasks = Task.objects.filter(action=rota.action)
    assert tasks.count() == 60 * 2
    assert sorted(set(tasks.values_list("title", "slots"))) == [("Shared dinner: Clean", 2), ("Shared dinner: Cook", 3)]
    duty = rota.duties.select_related("team").order_by("starts_at").first()
    for link in RotaDutyTask.objects.filter(duty=duty).select_related("task"):
        assert link.task.starts_at == duty.starts_at
        assert link.task.ends_at == duty.starts_at + timedelta(minutes=120)
        assert link.task.reserved_for_team_id == duty.team_id
        assert link.task.reserved_until == duty.starts_at - timedelta(hours=48)
    rota.action.refresh_from_db()
    assert rota.action.stage == Stage.DELIVER


def test_weeks_per_turn_gives_each_team_two_weeks_in_a_row(community):
    rota = make_rota(community=community, teams=3, weeks_per_turn=2, weeks_ahead=8)

    assert [positions[0] for _week, positions in sorted(_weeks(rota).items())] == [0, 0, 1, 1, 2, 2, 0, 0]


def test_a_rule_that_never_ends_is_generated_only_weeks_ahead(community):
    rota = make_rota(community=community, rrule="FREQ=DAILY", weeks_ahead=2)

    horizon = services.generation_horizon(rota, timezone.now())
    assert rota.duties.count() == 14
    assert not rota.duties.filter(starts_at__gte=horizon).exists()


def test_generation_is_idempotent_and_moves_on_week_by_week(community):
    rota = make_rota(community=community)
    now = timezone.now()

    assert duties_generate(now=now) == 0
    assert duties_generate(now=now) == 0
    assert rota.duties.count() == 60

    week_later = rota.first_starts_at + timedelta(days=7, hours=1)  # within week 1, now
    assert duties_generate(now=week_later) == 5
    assert duties_generate(now=week_later) == 0
    newest = rota.duties.order_by("-starts_at").first()
    assert newest.week == week_of(rota.first_starts_at) + timedelta(weeks=12)
    assert newest.team.position == 12 % 6
    assert Task.objects.filter(action=rota.action).count() == 65 * 2


def test_a_stopped_rota_makes_no_more_duties_and_cancels_untaken_tasks(community, member):
    rota = make_rota(community=community)
    taken = Task.objects.filter(action=rota.action).order_by("starts_at").first()
    team_join(member=member, team=rota.teams.get(position=0))
    task_claim(member=member, task=taken)

    services.rota_stop(member=member, rota=rota)

    assert duties_generate(now=rota.first_starts_at + timedelta(days=8)) == 0
    assert Task.objects.filter(action=rota.action, cancelled_at__isnull=True).get() == taken


# --- Team first, then everyone ------------------------------------------------------------------------------


def test_free_places_open_to_everyone_48_hours_before(community, member, steward, monkeypatch):
    rota = make_rota(community=community, first_starts_at=timezone.now() + timedelta(days=5))
    team = rota.teams.get(position=0)
    team_join(member=member, team=team)
    task = Task.objects.filter(action=rota.action).select_related("action__community").order_by("starts_at").first()
    assert task.reserved_for_team == team

    with pytest.raises(ApplicationError) as refused:
        task_claim(member=steward, task=task)
    assert refused.value.message == (
        "Until two days before, this task is for the team on duty (Team 1); after that anyone can take it on."
    )
    task_claim(member=member, task=task)  # the team on duty may

    later = task.reserved_until + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    task_claim(member=steward, task=task)

    assert set(Claim.objects.filter(task=task).values_list("member__display_name", flat=True)) == {
        member.display_name,
        steward.display_name,
    }


def test_outsider_of_the_community_still_cannot_claim_after_the_opening(community, outsider, monkeypatch):
    rota = make_rota(community=community, first_starts_at=timezone.now() + timedelta(days=5))
    task = Task.objects.filter(action=rota.action).select_related("action__community").order_by("starts_at").first()
    monkeypatch.setattr(timezone, "now", lambda: task.reserved_until + timedelta(minutes=1))

    with pytest.raises(ApplicationError, match="Only members of the community"):
        task_claim(member=outsider, task=task)


def test_team_on_duty_is_reminded_once_a_week_before(community, member, steward):
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    team_join(member=steward, team=rota.teams.get(position=1))
    a_week_before = rota.first_starts_at - timedelta(days=7)

    assert duties_remind(now=a_week_before - timedelta(hours=1)) == 0
    assert duties_remind(now=a_week_before + timedelta(minutes=1)) == 1
    assert duties_remind(now=a_week_before + timedelta(hours=2)) == 0

    [told] = Notification.objects.filter(kind=NotificationKind.ROTA_DUTY)
    assert told.recipient == member
    assert told.detail["team"] == "Team 1"


# --- Teams ------------------------------------------------------------------------------------------------------


def test_joining_another_team_of_the_same_rota_moves_the_member(community, member):
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    team_join(member=member, team=rota.teams.get(position=2))

    assert list(RotaTeamMember.objects.filter(rota=rota, member=member).values_list("team__position", flat=True)) == [2]
    services.team_leave(member=member, team=rota.teams.get(position=2))
    assert not RotaTeamMember.objects.filter(rota=rota).exists()


def test_outsider_cannot_join_a_team(community, outsider):
    rota = make_rota(community=community)

    with pytest.raises(ApplicationError, match="Only members of"):
        team_join(member=outsider, team=rota.teams.first())


# --- Swaps -------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_teams(community, member, steward):
    """The rota, with `member` in team 1 (on duty in week 0) and `steward` in team 2 (week 1)."""
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    team_join(member=steward, team=rota.teams.get(position=1))
    first = week_of(rota.first_starts_at)
    return rota, first, first + timedelta(weeks=1)


def test_an_accepted_swap_exchanges_the_teams_of_the_two_weeks(two_teams, member, steward):
    rota, week0, week1 = two_teams
    one, two = rota.teams.get(position=0), rota.teams.get(position=1)

    swap = swap_propose(member=member, rota=rota, week=week0, other_team=two, other_week=week1)
    assert Notification.objects.get(kind=NotificationKind.ROTA_SWAP).recipient == steward
    swap_accept(member=steward, swap=swap)

    weeks = _weeks(rota)
    assert weeks[week0] == [1] * 5
    assert weeks[week1] == [0] * 5
    assert weeks[week0 + timedelta(weeks=6)] == [0] * 5  # other weeks keep their turn
    reserved = Task.objects.filter(rota_duty_task__duty__week=week0).values_list("reserved_for_team", flat=True)
    assert set(reserved) == {two.pk}
    assert set(Task.objects.filter(rota_duty_task__duty__week=week1).values_list("reserved_for_team", flat=True)) == {
        one.pk
    }
    swap.refresh_from_db()
    assert (swap.status, swap.decided_by) == (SwapStatus.ACCEPTED, steward)
    assert Notification.objects.filter(kind=NotificationKind.ROTA_SWAP, recipient=member).exists()


def test_a_declined_swap_changes_nothing(two_teams, member, steward):
    rota, week0, week1 = two_teams
    before = _weeks(rota)
    swap = swap_propose(member=member, rota=rota, week=week0, other_team=rota.teams.get(position=1), other_week=week1)

    services.swap_decline(member=steward, swap=swap)

    assert _weeks(rota) == before
    with pytest.raises(ApplicationError, match="declined already"):
        swap_accept(member=steward, swap=swap)


def test_only_the_other_team_may_accept_and_only_the_proposer_withdraw(two_teams, member, steward, community):
    rota, week0, week1 = two_teams
    swap = swap_propose(member=member, rota=rota, week=week0, other_team=rota.teams.get(position=1), other_week=week1)

    with pytest.raises(ApplicationError, match="Only members of Team 2"):
        swap_accept(member=member, swap=swap)
    with pytest.raises(ApplicationError, match="Only who proposed"):
        services.swap_withdraw(member=steward, swap=swap)
    services.swap_withdraw(member=member, swap=swap)
    assert RotaSwap.objects.get().status == SwapStatus.WITHDRAWN


# --- Bad input: a clear message, nothing lost ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"teams": 0}, "teams", "A rota needs at least one team"),
        ({"teams": 13}, "teams", "at most 12 teams"),
        ({"roles": []}, "roles", "Please name between 1 and 6 roles"),
        ({"roles": [("Cook", 0)]}, "roles", "between 1 and 20 places"),
        ({"roles": [("", 2)]}, "roles", ""),
        ({"title": "  "}, "title", ""),
        ({"duration_minutes": 5}, "duration_minutes", "between 15 and 480 minutes"),
        ({"weeks_ahead": 27}, "weeks_ahead", "between 1 and 26 weeks"),
        ({"rrule": "every tuesday"}, "rrule", "not valid"),
        ({"rrule": "FREQ=HOURLY"}, "rrule", "at most once a day"),
        ({"first_starts_at": timezone.now() - timedelta(days=1)}, "first_starts_at", "already past"),
    ],
)
def test_rota_create_refuses_bad_input_and_leaves_nothing_behind(community, member, overrides, field, message):
    with pytest.raises(ApplicationError) as refused:
        make_rota(community=community, creator=member, **overrides)

    assert refused.value.field == field
    assert message in refused.value.message
    assert not RotaDuty.objects.exists()
    assert not Task.objects.exists()
    assert not community.actions.exists()


def test_rota_create_is_for_members_only(community, outsider):
    with pytest.raises(ApplicationError, match="Only members of"):
        make_rota(community=community, creator=outsider)


def test_a_swap_with_yourself_is_refused(two_teams, member):
    rota, week0, _week1 = two_teams

    with pytest.raises(ApplicationError, match="A swap with yourself is not possible"):
        swap_propose(
            member=member,
            rota=rota,
            week=week0,
            other_team=rota.teams.get(position=0),
            other_week=week0 + timedelta(weeks=6),
        )
    assert not RotaSwap.objects.exists()


def test_a_swap_of_a_week_that_has_begun_is_refused(two_teams, member):
    rota, week0, week1 = two_teams
    during_week0 = rota.first_starts_at + timedelta(days=1)

    with pytest.raises(ApplicationError, match="past or has begun"):
        swap_propose(
            member=member,
            rota=rota,
            week=week0,
            other_team=rota.teams.get(position=1),
            other_week=week1,
            now=during_week0,
        )


def test_a_swap_of_a_week_the_team_is_not_on_duty_is_refused(two_teams, member):
    rota, week0, week1 = two_teams

    with pytest.raises(ApplicationError, match="Team 1 is not on duty in the week of"):
        swap_propose(member=member, rota=rota, week=week1, other_team=rota.teams.get(position=2), other_week=week0)
    with pytest.raises(ApplicationError, match="Team 3 is not on duty"):
        swap_propose(member=member, rota=rota, week=week0, other_team=rota.teams.get(position=2), other_week=week1)


def test_a_second_proposal_for_the_same_weeks_is_refused(two_teams, member):
    rota, week0, week1 = two_teams
    team2 = rota.teams.get(position=1)
    swap_propose(member=member, rota=rota, week=week0, other_team=team2, other_week=week1)

    with pytest.raises(ApplicationError, match="already proposed"):
        swap_propose(member=member, rota=rota, week=week0, other_team=team2, other_week=week1)


def test_a_swap_needs_a_team_of_ones_own(two_teams, community):
    rota, week0, week1 = two_teams
    loner = member_of(community)

    with pytest.raises(ApplicationError, match="join a team first"):
        swap_propose(member=loner, rota=rota, week=week0, other_team=rota.teams.get(position=1), other_week=week1)


def test_next_monday_helper_is_a_monday_in_the_future():
    monday = next_monday_at(17)
    assert monday.weekday() == 0
    assert monday > timezone.now()


def test_rota_notifications_read_as_sentences(two_teams, member, steward):
    from talkoot.notifications.texts import sentence

    rota, week0, week1 = two_teams
    swap = swap_propose(member=member, rota=rota, week=week0, other_team=rota.teams.get(position=1), other_week=week1)
    swap_accept(member=steward, swap=swap)
    duties_remind(now=rota.first_starts_at - timedelta(days=6))

    asked = Notification.objects.get(kind=NotificationKind.ROTA_SWAP, recipient=steward)
    assert sentence(asked).startswith(f"{member.display_name} (Team 1) asks to swap their week of ")
    accepted = Notification.objects.get(kind=NotificationKind.ROTA_SWAP, recipient=member)
    assert sentence(accepted).startswith(f"{steward.display_name} accepted: in “Shared dinner” your team now has")
    reminded = Notification.objects.get(kind=NotificationKind.ROTA_DUTY)
    assert reminded.recipient == steward  # week 0 is team 2's since the swap
    assert sentence(reminded).startswith("Your team (Team 2) is on duty for “Shared dinner” in the week of ")
