"""`seed_demo` fills the past year and the coming weeks with believable activity."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from talkoot.actions import ranking
from talkoot.actions.models import Action, ActionBeneficiary, Claim, Stage, Task, TaskSeries
from talkoot.communities.models import Community, Membership
from talkoot.contributions.models import Assessment, Contribution, ContributionBeneficiary, Thanks
from talkoot.core.demo.activity import plan_activity
from talkoot.core.demo.personas import (
    DEMO_LOGINS,
    ELDERLY_MEMBER,
    OTHER_COMMUNITY_MEMBER,
    STEWARD_TO_BE,
    YOUNG_VOLUNTEER,
)
from talkoot.core.demo.plan import COMMUNITIES, plan_demo
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.models import Member
from talkoot.rotas.models import Rota

MAIN = COMMUNITIES["kallio"]["slug"]
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
TIME_BANK_WORDS = re.compile(r"\b(balances?|debts?|credits?|owed?|owes|owing|saldo|velka\w*|velat|hyvitys)\b", re.I)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Action, ActionBeneficiary, Task, TaskSeries, Claim, Contribution, Thanks, Assessment)
    } | {"moves": HistoryEntry.objects.filter(kind=HistoryKind.ACTION_STAGE_MOVED).count()}


@pytest.fixture
def seeded(db):
    return seed("--members", "60", "--seed", "2026")


def test_every_stage_in_every_community_and_about_one_action_per_member(seeded):
    for community in Community.objects.all():
        stages = set(community.actions.values_list("stage", flat=True))
        assert stages == set(Stage.values), community
        members = Membership.objects.active().filter(community=community).count()
        assert members <= community.actions.count() <= 2 * members
    assert Action.objects.filter(visibility="public").exists()
    closed = Action.objects.filter(stage=Stage.CLOSED)
    assert closed.count() > Action.objects.count() / 2
    assert not closed.filter(closed_at__isnull=True).exists()
    now = timezone.now()
    for action in Action.objects.filter(stage=Stage.ASSESS):
        assert now - timedelta(days=14) <= action.assess_started_at <= now


def test_taken_counts_the_active_and_done_claims_of_every_task(seeded):
    tasks = Task.objects.annotate(claimed=Count("claims", filter=Q(claims__status__in=["active", "done"])))
    assert tasks.exists()
    assert not tasks.exclude(taken=F("claimed")).exists()
    assert not Task.objects.filter(taken__gt=F("slots")).exists()
    assert set(Claim.objects.values_list("status", flat=True)) == {"active", "done", "did_not_happen", "withdrawn"}
    for claim in Claim.objects.filter(status="done"):
        assert claim.actual_minutes and claim.finished_at
        assert Contribution.objects.filter(claim=claim, minutes=claim.actual_minutes).exists()
    assert Task.objects.filter(effort_minutes__gt=120).exists()  # "could this be split?" shows
    now = timezone.now()
    ahead = Task.objects.filter(Q(starts_at__gt=now) | Q(deadline__gt=now))
    assert ahead.filter(taken=0).exists()
    assert ahead.filter(slots__gt=1, taken=F("slots") - 1).exists()  # needs one more person


def test_nobody_thanks_themselves_and_thanks_are_never_in_the_future(seeded):
    assert Thanks.objects.count() > Contribution.objects.count() / 3
    assert not Thanks.objects.filter(member=F("contribution__contributor")).exists()
    assert not Thanks.objects.filter(created_at__gt=timezone.now()).exists()
    assert all(len(message) <= 280 for message in Thanks.objects.values_list("message", flat=True))


def test_help_goes_to_persons_named_people_and_the_commons(seeded):
    to_someone = ContributionBeneficiary.objects.values("contribution")
    assert Contribution.objects.filter(pk__in=to_someone).exists()
    assert Contribution.objects.exclude(pk__in=to_someone).exists()  # gifts to the commons
    assert Contribution.objects.filter(action__isnull=True).exists()  # help outside any action
    assert Contribution.objects.filter(category__in=["ideas", "organising"]).exists()
    assert not ContributionBeneficiary.objects.filter(member=F("contribution__contributor")).exists()
    assert not Contribution.objects.filter(happened_at__gt=timezone.now()).exists()
    assert ActionBeneficiary.objects.filter(member__isnull=True, represented_by__isnull=False).exists()
    assert Assessment.objects.filter(on_behalf_of__isnull=False).exists()
    assert set(Assessment.objects.values_list("action__stage", flat=True)) <= {Stage.ASSESS, Stage.CLOSED}


def test_eino_is_coming_to_help_and_aino_has_a_volunteer_coming(seeded):
    now = timezone.now()
    eino = Member.objects.get(email=ELDERLY_MEMBER.email)
    assert Claim.objects.filter(member=eino, status="active", task__starts_at__gt=now).exists()
    aino = Member.objects.get(email=STEWARD_TO_BE.email)
    needs = Action.objects.filter(stage=Stage.INITIATE, started_by=aino, beneficiaries__member=aino)
    assert Claim.objects.filter(task__action__in=needs, status="active").exclude(member=aino).exists()


def test_saara_has_helped_been_thanked_and_has_more_coming(seeded):
    saara = Member.objects.get(email=YOUNG_VOLUNTEER.email)
    done = Claim.objects.filter(member=saara, status="done")
    assert done.count() >= 4
    assert Thanks.objects.filter(contribution__claim__in=done).exists()
    assert done.filter(task__action__stage=Stage.ASSESS).exists()  # the last one is being assessed
    assert Claim.objects.filter(member=saara, status="active", task__starts_at__gt=timezone.now()).exists()


def test_bjorn_visits_every_week_in_vuosaari(seeded):
    now = timezone.now()
    bjorn = Member.objects.get(email=OTHER_COMMUNITY_MEMBER.email)
    visits = Claim.objects.filter(
        member=bjorn, task__series__isnull=False, task__action__community__slug="vuosaaren-naapurit"
    )
    assert visits.filter(status="done", task__starts_at__lt=now).count() >= 10
    assert visits.filter(status="active", task__starts_at__gt=now).exists()


def test_every_demo_login_finds_tasks_near_home_that_fit_their_skills_and_week(seeded):
    for persona in DEMO_LOGINS:
        member = Member.objects.get(email=persona.email)
        community = Community.objects.get(slug=COMMUNITIES[persona.neighbourhood]["slug"])
        tasks = ranking.tasks_for_you(member, community).object_list
        fitting = [t for t in tasks if t.skills_matched and t.nearness == ranking.NEAR_POSTAL_AREA]
        assert len(fitting) >= 3, persona.display_name
        assert any(t.week_fit == ranking.FITS_WEEK for t in fitting), persona.display_name
        assert any(t.slots - t.taken == 1 and t.taken for t in tasks), persona.display_name  # one more person


def test_recurring_visits_have_past_and_coming_occurrences(seeded):
    now = timezone.now()
    series = TaskSeries.objects.filter(action__gathering__isnull=True)  # the visits, not a gathering's hosting
    assert series.exists()
    assert any(
        s.occurrences.filter(starts_at__lt=now).exists() and s.occurrences.filter(starts_at__gt=now).exists()
        for s in series
    )
    for s in series:
        assert s.generated_until > now + timedelta(weeks=3)
        local = timezone.localtime(s.first_starts_at)
        assert (local.hour, local.minute) == (10, 0)
        assert all(timezone.localtime(t.starts_at).hour == 10 for t in s.occurrences.all())
    assert Claim.objects.filter(task__series__isnull=False, status="done").exists()


def test_stage_moves_are_on_the_history_and_never_in_the_future(seeded):
    moves = HistoryEntry.objects.filter(kind=HistoryKind.ACTION_STAGE_MOVED)
    assert moves.filter(detail__to="closed").count() == Action.objects.filter(stage=Stage.CLOSED).count()
    assert not moves.filter(created_at__gt=timezone.now()).exists()
    entry = moves.filter(detail__to="deliver").first()
    assert entry.detail["from"] == "design" and Action.objects.filter(pk=entry.detail["action"]).exists()


def test_nothing_speaks_of_balances_or_debts(seeded):
    texts = [*Action.objects.values_list("title", "problem"), *Task.objects.values_list("title", "description")]
    texts += [(note,) for note in Contribution.objects.values_list("note", flat=True)]
    texts += [(message,) for message in Thanks.objects.values_list("message", flat=True)]
    for row in texts:
        for text in row:
            assert not TIME_BANK_WORDS.search(text), text


def test_the_summary_line_counts_the_activity(seeded):
    rota_actions = Rota.objects.values("action_id")
    assert f"{Action.objects.filter(gathering__isnull=True).exclude(pk__in=rota_actions).count()} actions" in seeded
    assert f"{Action.objects.filter(gathering__isnull=False).count()} gatherings" in seeded
    assert f"{Rota.objects.count()} rota," in seeded
    assert f"{Thanks.objects.count()} thanks" in seeded


def test_kallio_shares_dinner_in_turns_and_the_demo_logins_are_in_teams(seeded):
    from talkoot.rotas.models import RotaTeamMember

    rota = Rota.objects.select_related("community").get()
    assert (rota.community.slug, rota.title, rota.rrule) == (MAIN, "Yhteinen päivällinen", WEEKDAYS)
    assert [(role.title, role.slots) for role in rota.roles.all()] == [("Kokki", 3), ("Siivous", 2)]
    teams = list(rota.teams.order_by("position"))
    assert [team.name for team in teams] == [f"Tiimi {n}" for n in range(1, 7)]
    assert [team.members.count() for team in teams] == [5] * 6
    first_team = {m.member.email for m in RotaTeamMember.objects.filter(team=teams[0]).select_related("member")}
    assert {STEWARD_TO_BE.email, YOUNG_VOLUNTEER.email} <= first_team
    assert RotaTeamMember.objects.filter(team=teams[1], member__email=ELDERLY_MEMBER.email).exists()
    claims = Claim.objects.filter(task__action=rota.action, status="active")
    assert claims.exists()
    assert set(claims.values_list("member__email", flat=True)) <= first_team
    assert rota.duties.values("week").distinct().count() >= 12


def test_a_team_s_reserved_dinner_is_not_offered_to_other_teams(seeded):
    rota = Rota.objects.get()
    eino = Member.objects.get(email=ELDERLY_MEMBER.email)
    now = timezone.now()
    for task in ranking.tasks_for_you(eino, rota.community, now=now).object_list:
        reserved = Task.objects.filter(pk=task.pk, reserved_until__gt=now).values_list("reserved_for_team", flat=True)
        assert set(reserved) <= {rota.teams.get(name="Tiimi 2").pk}


def test_same_seed_gives_the_same_activity():
    now = timezone.now()
    plan = plan_demo(members=60, seed=5, now=now)
    assert plan_activity(plan, now) == plan_activity(plan, now)
    assert plan_activity(plan, now) != plan_activity(plan_demo(members=60, seed=6, now=now), now)


@pytest.mark.django_db
def test_same_seed_gives_the_same_counts():
    seed("--members", "40", "--seed", "11")
    first = counts()
    HistoryEntry.objects.all().delete()
    Community.objects.all().delete()
    Member.objects.all().delete()
    seed("--members", "40", "--seed", "11")
    assert counts() == first
