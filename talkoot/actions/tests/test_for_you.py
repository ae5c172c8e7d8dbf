"""'For you': the open tasks a member could take on, best fitting first."""

import zoneinfo
from datetime import datetime, time, timedelta

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import ActionBeneficiary, ActionVisibility, Claim, ClaimStatus, Stage
from talkoot.actions.ranking import (
    _ALL_CATEGORY_SKILLS,
    CATEGORY_SKILLS,
    ForYouFilters,
    LengthChoice,
    WhenChoice,
    free_hours_of_week,
    local_hour_of_week,
    tasks_for_you,
)
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.models import JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Category
from talkoot.members.availability import mask_from_slots
from talkoot.members.models import Skill
from talkoot.members.skills import CURATED_SKILLS
from talkoot.members.tests.factories import MemberFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
MAX_QUERIES = 12


def skill(slug: str) -> Skill:
    # get_or_create: a transactional test run before this one empties the migration's curated skills.
    return Skill.objects.get_or_create(slug=slug, defaults={"name": slug, "is_curated": True})[0]


def person(community, *, postal_code: str = "", municipality: str = "Helsinki", **fields):
    """A member of `community` living at the given place."""
    someone = MemberFactory(postal_code=postal_code, municipality=municipality, **fields)
    MembershipFactory(community=community, member=someone)
    return someone


def task_for(community, *, title: str, beneficiary=None, skills=(), action=None, **fields):
    """A task of a new action (for `beneficiary` when given) in `community`."""
    if action is None:
        action = ActionFactory(community=community, title=f"Action of {title}")
        if beneficiary is not None:
            ActionBeneficiary.objects.create(action=action, member=beneficiary)
    task = TaskFactory(action=action, title=title, **fields)
    if skills:
        task.skills.set([skill(slug) for slug in skills])
    return task


def titles(page) -> list[str]:
    return [task.title for task in page]


def next_weekday_at(weekday: int, hour: int, *, at_least_days: int = 2) -> datetime:
    """The next local `weekday` (0 = Monday) at `hour`, at least `at_least_days` ahead."""
    day = timezone.localdate(timezone.now(), HELSINKI) + timedelta(days=at_least_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=HELSINKI)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def volunteer(community):
    """Eino's neighbour: drives, lives in 00530 Helsinki."""
    someone = person(community, postal_code="00530", display_name="Ville Volunteer")
    someone.skills.add(skill("driving"))
    return someone


# --- Ranking ---------------------------------------------------------------------------------------


def test_tasks_that_match_skills_come_first(community, volunteer, now):
    neighbour = person(community, postal_code="00530")
    far = person(community, postal_code="02100", municipality="Espoo")
    task_for(community, title="Carry the shopping next door", beneficiary=neighbour)
    task_for(community, title="Drive Aino to the clinic", beneficiary=far, skills=["driving"])

    page = tasks_for_you(volunteer, community, now=now)

    assert titles(page) == ["Drive Aino to the clinic", "Carry the shopping next door"]
    drive = page[0]
    assert drive.skills_matched == 1
    assert [s.slug for s in drive.matching_skills] == ["driving"]


def test_more_matched_skills_rank_higher(community, volunteer, now):
    volunteer.skills.add(skill("cooking"))
    task_for(community, title="Drive", skills=["driving", "gardening"])
    task_for(community, title="Drive and cook", skills=["driving", "cooking"])

    assert titles(tasks_for_you(volunteer, community, now=now)) == ["Drive and cook", "Drive"]


def test_same_postal_area_before_same_municipality_before_the_rest(community, volunteer, now):
    task_for(community, title="In Espoo", beneficiary=person(community, postal_code="02100", municipality="Espoo"))
    task_for(community, title="In Helsinki", beneficiary=person(community, postal_code="00100"))
    task_for(community, title="Next door", beneficiary=person(community, postal_code="00530"))

    page = tasks_for_you(volunteer, community, now=now)

    assert titles(page) == ["Next door", "In Helsinki", "In Espoo"]
    assert [task.nearness for task in page] == [2, 1, 0]


def test_place_of_an_action_for_the_commons_is_its_starter_and_for_someone_without_account_their_speaker(
    community, volunteer, now
):
    neighbour = person(community, postal_code="00530")
    commons = ActionFactory(community=community, started_by=neighbour, title="Park clean-up")
    task_for(community, title="Rake the park", action=commons)
    for_grandma = ActionFactory(community=community, started_by=person(community, postal_code="02100"))
    ActionBeneficiary.objects.create(action=for_grandma, name="Grandma Helmi", represented_by=neighbour)
    task_for(community, title="Visit Helmi", action=for_grandma)
    # Started by a neighbour, but for someone in Espoo: it happens in Espoo.
    for_far = ActionFactory(community=community, started_by=neighbour)
    far = person(community, postal_code="02100", municipality="Espoo")
    ActionBeneficiary.objects.create(action=for_far, member=far)
    task_for(community, title="Far away", action=for_far)

    nearness = {task.title: task.nearness for task in tasks_for_you(volunteer, community, now=now)}

    assert nearness == {"Rake the park": 2, "Visit Helmi": 2, "Far away": 0}


def test_tasks_in_the_members_free_times_come_before_fixed_times_outside_them(community, volunteer, now):
    volunteer.availability = mask_from_slots(["tue-morning", "wed-evening"])
    volunteer.save(update_fields=["availability"])
    task_for(community, title="Wednesday morning", starts_at=next_weekday_at(2, 10))
    task_for(community, title="Any time")
    task_for(community, title="Tuesday morning", starts_at=next_weekday_at(1, 10))
    task_for(community, title="Wednesday evening", starts_at=next_weekday_at(2, 18))

    page = tasks_for_you(volunteer, community, now=now)

    by_title = {task.title: task.week_fit for task in page}
    assert by_title == {"Tuesday morning": 2, "Wednesday evening": 2, "Any time": 1, "Wednesday morning": 0}
    assert titles(page)[2:] == ["Any time", "Wednesday morning"]


def test_nearest_deadline_first_among_equal_fit(community, volunteer, now):
    task_for(community, title="No date")
    task_for(community, title="In three days", deadline=now + timedelta(days=3))
    task_for(community, title="Tomorrow", deadline=now + timedelta(days=1))
    task_for(community, title="In a month", deadline=now + timedelta(days=30))

    assert titles(tasks_for_you(volunteer, community, now=now)) == [
        "Tomorrow",
        "In three days",
        "In a month",
        "No date",
    ]


def test_task_that_needs_one_more_person_comes_first_among_equals(community, volunteer, now):
    task_for(community, title="Alone", deadline=now + timedelta(days=20))
    task_for(community, title="Two more needed", slots=3, taken=1, deadline=now + timedelta(days=21))
    task_for(community, title="One more needed", slots=3, taken=2, deadline=now + timedelta(days=25))
    # Not an equal: due much sooner, so it stays ahead.
    task_for(community, title="Tomorrow", deadline=now + timedelta(days=1))

    page = tasks_for_you(volunteer, community, now=now)

    assert titles(page) == ["Tomorrow", "One more needed", "Alone", "Two more needed"]
    assert [task.needs_one_more for task in page] == [0, 1, 0, 0]


def test_skills_outrank_nearness_which_outranks_week_fit_and_deadline(community, volunteer, now):
    volunteer.availability = mask_from_slots(["tue-morning"])
    volunteer.save(update_fields=["availability"])
    far = person(community, postal_code="02100", municipality="Espoo")
    near = person(community, postal_code="00530")
    task_for(community, title="Fits the week", beneficiary=far, starts_at=next_weekday_at(1, 10))
    task_for(community, title="Near", beneficiary=near, deadline=now + timedelta(days=40))
    task_for(community, title="Skilled", beneficiary=far, skills=["driving"], deadline=now + timedelta(days=50))
    task_for(community, title="Soon", beneficiary=far, deadline=now + timedelta(hours=3))

    assert titles(tasks_for_you(volunteer, community, now=now)) == ["Skilled", "Near", "Fits the week", "Soon"]


def test_hour_of_week_is_read_in_local_time_in_summer_and_winter(now):
    # Every 37 days and 5 hours for two years: every weekday, many hours, both sides of DST,
    # and one that started a day ago (an ongoing task).
    starts = [now - timedelta(days=1), *(now + timedelta(days=37 * k, hours=5 * k) for k in range(1, 21))]
    seconds = np.array([start.timestamp() for start in starts] + [np.nan])

    hours = local_hour_of_week(seconds, tz=HELSINKI, now=now).tolist()

    local = [start.astimezone(HELSINKI) for start in starts]
    assert hours == [moment.weekday() * 24 + moment.hour for moment in local] + [-1]


def test_free_hours_of_week_follow_the_parts_of_the_day():
    hours = free_hours_of_week(mask_from_slots(["mon-morning", "sun-evening"]))

    assert len(hours) == 7 * 24
    assert hours[:13] == "1" * 13
    assert hours[13:24] == "0" * 11
    assert hours[-7:] == "1" * 7
    assert hours.count("1") == 13 + 7


# --- Which tasks ---------------------------------------------------------------------------------


def test_lists_only_tasks_the_member_could_claim(community, volunteer, member, now):
    task_for(community, title="Open")
    task_for(community, title="Cancelled", cancelled_at=now)
    task_for(community, title="Ended", starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    task_for(community, title="Deadline passed", deadline=now - timedelta(minutes=1))
    task_for(community, title="Started without an end", starts_at=now - timedelta(hours=1))
    task_for(community, title="Full", slots=2, taken=2)
    claimed = task_for(community, title="Claimed by me", slots=2, taken=1)
    Claim.objects.create(task=claimed, member=volunteer)
    done = task_for(community, title="Done by me", slots=2, taken=1)
    Claim.objects.create(task=done, member=volunteer, status=ClaimStatus.DONE)
    withdrawn = task_for(community, title="Given back by me")
    Claim.objects.create(task=withdrawn, member=volunteer, status=ClaimStatus.WITHDRAWN)
    task_for(community, title="Closed action", action=ActionFactory(community=community, stage=Stage.CLOSED))
    task_for(community, title="For me", beneficiary=volunteer)
    task_for(community, title="Elsewhere", action=ActionFactory())
    task_for(community, title="Running now", starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=1))

    assert sorted(titles(tasks_for_you(volunteer, community, now=now))) == [
        "Given back by me",
        "Open",
        "Running now",
    ]


def test_non_member_of_a_public_community_sees_the_tasks_of_public_actions_only(newcomer, now):
    open_community = CommunityFactory(visibility=Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    task_for(open_community, title="Public", action=ActionFactory(community=open_community, visibility="public"))
    task_for(open_community, title="Members only")

    assert titles(tasks_for_you(newcomer, open_community, now=now)) == ["Public"]


def test_pages_of_twenty_know_their_total_and_a_page_past_the_end_is_the_last(community, volunteer, now):
    for n in range(25):
        task_for(community, title=f"Task {n:02d}", deadline=now + timedelta(days=1, hours=n))

    first = tasks_for_you(volunteer, community, now=now)
    second = tasks_for_you(volunteer, community, page="2", now=now)
    beyond = tasks_for_you(volunteer, community, page=9, now=now)

    assert (first.paginator.count, first.paginator.num_pages, len(first)) == (25, 2, 20)
    assert titles(second) == [f"Task {n:02d}" for n in range(20, 25)]
    assert beyond.number == 2
    assert titles(beyond) == titles(second)
    assert tasks_for_you(volunteer, community, page="abc", now=now).number == 1


# --- Filters ---------------------------------------------------------------------------------------


def test_kind_of_help_filter_looks_for_the_skills_of_that_kind(community, volunteer, now):
    task_for(community, title="Drive", skills=["driving"])
    task_for(community, title="Garden", skills=["gardening"])
    task_for(community, title="Free tag only")
    Skill.objects.create(slug="knitting-socks", name="Knitting socks")
    task_for(community, title="Knit").skills.add(Skill.objects.get(slug="knitting-socks"))

    def shown(category: str) -> list[str]:
        return sorted(titles(tasks_for_you(volunteer, community, filters=ForYouFilters(category=category), now=now)))

    assert shown(Category.TRANSPORT) == ["Drive"]
    assert shown(Category.GARDEN) == ["Garden"]
    assert shown(Category.OTHER) == ["Free tag only", "Knit"]
    assert shown("") == ["Drive", "Free tag only", "Garden", "Knit"]


def test_every_curated_skill_belongs_to_a_kind_of_help():
    assert set(CURATED_SKILLS) == _ALL_CATEGORY_SKILLS
    assert set(CATEGORY_SKILLS) <= set(Category.values)


def test_when_filter_keeps_tasks_without_a_fixed_time(community, volunteer, now):
    end_of_today = datetime.combine(timezone.localdate(now, HELSINKI) + timedelta(days=1), time(0), tzinfo=HELSINKI)
    task_for(community, title="Later today", starts_at=now + (end_of_today - now) / 2)
    task_for(community, title="In three days", starts_at=now + timedelta(days=3))
    task_for(community, title="In a month", starts_at=now + timedelta(days=30))
    task_for(community, title="Whenever", deadline=now + timedelta(days=30))

    def shown(when: str) -> list[str]:
        return sorted(titles(tasks_for_you(volunteer, community, filters=ForYouFilters(when=when), now=now)))

    assert shown(WhenChoice.TODAY) == ["Later today", "Whenever"]
    assert shown(WhenChoice.WEEK) == ["In three days", "Later today", "Whenever"]
    assert len(shown(WhenChoice.ANY)) == 4


def test_how_long_filter(community, volunteer, now):
    for minutes in (15, 30, 45, 120, 180):
        task_for(community, title=f"{minutes} min", effort_minutes=minutes)

    def shown(length: str) -> list[str]:
        page = tasks_for_you(volunteer, community, filters=ForYouFilters(length=length), now=now)
        return sorted(task.effort_minutes for task in page)

    assert shown(LengthChoice.SHORT) == [15, 30]
    assert shown(LengthChoice.MEDIUM) == [15, 30, 45, 120]
    assert shown(LengthChoice.LONG) == [180]


def test_page_filters_by_the_query_string(community, member, client_for):
    task_for(community, title="Drive to the clinic", skills=["driving"], effort_minutes=30)
    task_for(community, title="Paint the fence", effort_minutes=240)

    response = client_for(member).get(
        reverse("actions:for_you", args=[community.slug]), {"category": "transport", "length": "short"}
    )

    assert response.status_code == 200
    assert b"Drive to the clinic" in response.content
    assert b"Paint the fence" not in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"category": "bogus", "when": "yesterday", "length": "9999"},
        {"category": ["transport", "x" * 5000], "page": "abc"},
        {"when": "<script>alert(1)</script>", "page": "-1"},
        {"page": "99999999999999999999"},
        {"length": "\x00"},
    ],
)
def test_garbage_in_the_filters_shows_the_list_unfiltered(community, member, client_for, params):
    task_for(community, title="Carry the shopping")

    response = client_for(member).get(reverse("actions:for_you", args=[community.slug]), params)

    assert response.status_code == 200
    assert b"Carry the shopping" in response.content
    assert b"<script>alert(1)" not in response.content


def test_unknown_filter_value_is_explained(community, member, client_for):
    response = client_for(member).get(reverse("actions:for_you", args=[community.slug]), {"when": "yesterday"})

    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


# --- The page ------------------------------------------------------------------------------------


def test_member_sees_tasks_with_their_reasons_and_a_claim_button(community, volunteer, client_for):
    neighbour = person(community, postal_code="00530")
    task = task_for(community, title="Drive Aino", beneficiary=neighbour, skills=["driving"], slots=3, taken=2)

    response = client_for(volunteer).get(reverse("actions:for_you", args=[community.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Drive Aino" in html
    assert reverse("actions:detail", args=[community.slug, task.action_id]) in html
    assert "1 of 3 places free" in html
    assert "Matches your skills: Driving" in html
    assert "Near you" in html
    assert "Needs one more person" in html
    assert f'action="{reverse("actions:task_claim", args=[community.slug, task.pk])}"' in html


def test_htmx_gets_only_the_results(community, member, client_for):
    task_for(community, title="Carry the shopping")

    response = client_for(member).get(
        reverse("actions:for_you", args=[community.slug]), {"length": "medium"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Carry the shopping" in html
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_visitor_is_asked_to_log_in_on_a_public_community(db, client_for):
    open_community = CommunityFactory(visibility=Visibility.PUBLIC)
    url = reverse("actions:for_you", args=[open_community.slug])

    response = client_for(None).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
    assert "for-you" in response["Location"]


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
def test_private_community_answers_404_from_outside(community, persona_name, request, client_for):
    task_for(community, title="Carry the shopping")
    response = client_for(request.getfixturevalue(persona_name)).get(reverse("actions:for_you", args=[community.slug]))

    assert response.status_code == 404
    assert b"Carry the shopping" not in response.content


def test_missing_community_answers_404(member, client_for):
    assert client_for(member).get(reverse("actions:for_you", args=["no-such-community"])).status_code == 404


# --- A fixed number of queries ------------------------------------------------------------------


def build_work(community, *, actions: int, tasks_per_action: int = 3) -> None:
    """Actions for members with places, tasks with skills, some claimed by others."""
    skills = [skill(slug) for slug in ("driving", "cooking", "gardening")]
    now = timezone.now()
    for a in range(actions):
        beneficiary = person(community, postal_code=f"00{500 + a % 3}")
        action = ActionFactory(
            community=community,
            visibility=ActionVisibility.PUBLIC if a % 2 else ActionVisibility.COMMUNITY,
            stage=[Stage.INITIATE, Stage.DESIGN, Stage.DELIVER][a % 3],
        )
        ActionBeneficiary.objects.create(action=action, member=beneficiary)
        ActionBeneficiary.objects.create(action=action, name=f"Neighbour {a}", represented_by=beneficiary)
        for t in range(tasks_per_action):
            task = TaskFactory(
                action=action,
                slots=2,
                taken=1,
                starts_at=now + timedelta(days=1 + t, hours=a),
                place="Kallio library",
            )
            task.skills.set(skills[: 1 + t % 3])
            Claim.objects.create(task=task, member=beneficiary)
    # Django asks SQLite once per connection whether it has JSON functions: not the page's query.
    assert connection.features.supports_json_field


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_page_runs_the_same_few_queries_for_3_or_30_tasks(
    community, volunteer, client_for, django_assert_max_num_queries
):
    volunteer.availability = mask_from_slots(["tue-morning", "fri-evening"])
    volunteer.save(update_fields=["availability"])
    client = client_for(volunteer)
    url = reverse("actions:for_you", args=[community.slug]) + "?category=transport&when=week"

    build_work(community, actions=1)
    with django_assert_max_num_queries(MAX_QUERIES):
        small = count_queries(client, url)
    build_work(community, actions=10)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count_queries(client, url)

    assert small == large
