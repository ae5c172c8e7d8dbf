"""The actions router of the JSON API, by persona: what each endpoint does, what it refuses, and
that its lists cost the same few queries whatever the number of rows.

`member` (Eino) and `steward` (Aino) belong to the private `community`; `outsider` (Olli) to
another community only. Each calls with a read-write token of their own.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.actions.models import (
    Action,
    ActionBeneficiary,
    ActionParticipant,
    ActionVisibility,
    Claim,
    ClaimStatus,
    Stage,
    Task,
)
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.api.models import AccessToken, Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Contribution
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

SLUG = "kallio-seniors"
PRIVATE_FIELDS = {"email", "phone", "postal_code", "latitude", "longitude", "municipality"}
LIST_BUDGET = 5  # queries after authentication, whatever the number of rows
# The one query that authenticates a token: its member, with the token in the same row.
TOKEN_QUERY = 'SELECT "members_member"."id"'


@pytest.fixture
def token_of(db):
    """A read-write token for a person, already used (so authenticating is one query)."""
    made: dict[int, str] = {}

    def make(person, *, scope: str = Scope.READ_WRITE) -> str:
        if person.pk not in made:
            made[person.pk] = access_token_create(member=person, name="tests", scope=scope)[1]
            AccessToken.objects.filter(member=person).update(last_used_at=timezone.now())
        return made[person.pk]

    return make


@pytest.fixture
def eino(member, token_of):
    return token_of(member)


def public_community(**kwargs):
    return CommunityFactory(visibility=Visibility.PUBLIC, **kwargs)


def queries_after_auth(method: str, path: str, token: str, body=None):
    """The response, and the queries it ran after the token's own (one)."""
    assert connection.features.supports_json_field  # SQLite asks once per connection: not the request's
    with CaptureQueriesContext(connection) as queries:
        response = call(method, path, token=token, body=body)
    assert queries.captured_queries[0]["sql"].startswith(TOKEN_QUERY)
    return response, len(queries) - 1


def no_private_fields(data) -> bool:
    if isinstance(data, dict):
        return not (PRIVATE_FIELDS & set(data)) and all(no_private_fields(value) for value in data.values())
    if isinstance(data, list):
        return all(no_private_fields(value) for value in data)
    return True


# --- Actions: the list -------------------------------------------------------------------------


def test_member_lists_the_communitys_actions_newest_first_without_hidden_ones(community, member, eino):
    older = ActionFactory(community=community, title="Older")
    newer = ActionFactory(community=community, title="Newer", started_by=member)
    ActionFactory(community=community, hidden_at=timezone.now())
    ActionFactory(title="Elsewhere")

    response = call("GET", f"/communities/{SLUG}/actions", token=eino)

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [newer.pk, older.pk]
    assert items[0]["started_by"] == {"id": member.pk, "display_name": "Eino Laine"}
    assert response.json()["next_cursor"] is None


def test_actions_list_narrows_by_stage(community, eino):
    ActionFactory(community=community, stage=Stage.INITIATE)
    delivering = ActionFactory(community=community, stage=Stage.DELIVER)

    response = call("GET", f"/communities/{SLUG}/actions?stage=deliver", token=eino)

    assert [item["id"] for item in response.json()["items"]] == [delivering.pk]


def test_actions_list_refuses_an_unknown_stage(eino):
    response = call("GET", f"/communities/{SLUG}/actions?stage=finished", token=eino)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stage"


def test_actions_list_pages_with_a_cursor(community, eino):
    actions = [ActionFactory(community=community) for _ in range(5)]

    first = call("GET", f"/communities/{SLUG}/actions?limit=2", token=eino).json()
    second = call("GET", f"/communities/{SLUG}/actions?limit=2&cursor={first['next_cursor']}", token=eino).json()

    newest_first = [action.pk for action in reversed(actions)]
    assert [item["id"] for item in first["items"] + second["items"]] == newest_first[:4]


def test_visitor_reads_only_the_public_actions_of_a_public_community(db):
    open_doors = public_community(slug="open-doors")
    public = ActionFactory(community=open_doors, visibility=ActionVisibility.PUBLIC)
    ActionFactory(community=open_doors, visibility=ActionVisibility.COMMUNITY)

    response = call("GET", "/communities/open-doors/actions")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [public.pk]


def test_visitor_and_outsider_get_404_for_a_private_community(outsider, token_of):
    assert call("GET", f"/communities/{SLUG}/actions").status_code == 404
    assert call("GET", f"/communities/{SLUG}/actions", token=token_of(outsider)).status_code == 404


def test_actions_list_runs_the_same_few_queries_for_2_or_10_actions(community, member, eino):
    def count() -> int:
        response, queries = queries_after_auth("GET", f"/communities/{SLUG}/actions", eino)
        assert response.status_code == 200
        return queries

    for _ in range(2):
        ActionFactory(community=community, started_by=member)
    few = count()
    for _ in range(8):
        ActionFactory(community=community, started_by=MemberFactory())
    assert count() == few <= LIST_BUDGET


# --- Actions: starting one, and "I need help" ----------------------------------------------------


def test_member_starts_an_action_for_members_they_name(community, member, steward, eino):
    body = {
        "title": "Shopping help",
        "problem": "Bags are heavy.",
        "for_whom": "members",
        "beneficiaries": [steward.pk],
    }

    response = call("POST", f"/communities/{SLUG}/actions", token=eino, body=body)

    assert response.status_code == 201, response.content
    data = response.json()
    action = Action.objects.get(pk=data["id"])
    assert (action.title, action.community, action.started_by, action.stage) == (
        "Shopping help",
        community,
        member,
        Stage.INITIATE,
    )
    assert data["beneficiaries"] == [
        {"member": {"id": steward.pk, "display_name": "Aino Virtanen"}, "name": "", "represented_by": ""}
    ]
    assert data["participants"] == [{"id": member.pk, "display_name": "Eino Laine"}]
    assert data["takes_part"] is True
    assert no_private_fields(data)


def test_action_start_sent_twice_with_the_same_once_starts_one_action(eino):
    body = {"title": "Shopping help", "once": "first-try"}

    first = call("POST", f"/communities/{SLUG}/actions", token=eino, body=body)
    again = call("POST", f"/communities/{SLUG}/actions", token=eino, body=body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Action.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Help", "colour": "red"}, "colour"),
        ({"title": "Help", "visibility": "everyone"}, "visibility"),
        ({"title": "Help", "starts_on": "tomorrow"}, "starts_on"),
        ({"title": "Help", "starts_on": "2031-05-02", "ends_on": "2031-05-01"}, "ends_on"),
        ({"title": "Help", "for_whom": "members"}, "beneficiaries"),
        ({"title": "Help", "for_whom": "someone"}, "beneficiary_name"),
        ({"title": "Help", "for_whom": "members", "beneficiaries": ["one"]}, "beneficiaries.0"),
        ({"title": "Help", "for_whom": "members", "beneficiaries": [2**70]}, "beneficiaries.0"),
        ({"title": "Help", "starts_on": "9999-12-31"}, "starts_on"),
        ({"title": "Help\x00"}, "title"),
    ],
)
def test_action_start_refuses_bad_input_and_starts_nothing(eino, body, field):
    response = call("POST", f"/communities/{SLUG}/actions", token=eino, body=body)

    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Action.objects.exists()


def test_action_start_refuses_a_member_of_another_community_as_beneficiary(outsider, eino):
    body = {"title": "Help", "for_whom": "members", "beneficiaries": [outsider.pk]}

    response = call("POST", f"/communities/{SLUG}/actions", token=eino, body=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "beneficiaries"
    assert not Action.objects.exists()


def test_non_member_of_a_public_community_may_not_start_an_action_there(outsider, token_of):
    public_community(slug="open-doors")

    response = call("POST", "/communities/open-doors/actions", token=token_of(outsider), body={"title": "Help"})

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_member"
    assert not Action.objects.exists()


def test_member_asks_for_help_in_the_morning_of_a_day(community, member, eino):
    day = timezone.localdate() + timedelta(days=3)
    body = {"what": "Carry my shopping", "day": day.isoformat(), "day_part": "morning", "effort_minutes": 30}

    response = call("POST", f"/communities/{SLUG}/needs", token=eino, body=body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["beneficiaries"][0]["member"]["id"] == member.pk
    [task] = Task.objects.filter(action_id=data["id"])
    assert timezone.localtime(task.starts_at).hour == 9
    assert (task.effort_minutes, task.ends_at - task.starts_at) == (30, timedelta(minutes=30))
    assert [row["id"] for row in data["tasks"]] == [task.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"what": ""}, "what"),
        ({"what": "Help", "effort_minutes": 50}, "effort_minutes"),
        ({"what": "Help", "day": "2001-01-01"}, "day"),
        ({"what": "Help", "day_part": "night"}, "day_part"),
        ({"what": "Help", "kind": "magic"}, "kind"),
        ({"what": "Help", "day": "9999-12-31"}, "day"),
    ],
)
def test_need_help_refuses_bad_input(eino, body, field):
    response = call("POST", f"/communities/{SLUG}/needs", token=eino, body=body)

    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Action.objects.exists()


# --- Actions: one, and moving its stage ----------------------------------------------------------


def test_member_reads_an_action_with_its_tasks_and_people(community, member, steward, eino):
    action = ActionFactory(community=community, started_by=steward)
    ActionParticipant.objects.create(action=action, member=steward)
    ActionBeneficiary.objects.create(action=action, name="Martta", represented_by=steward)
    open_task = TaskFactory(action=action, slots=2, taken=1)
    ClaimFactory(task=open_task, member=member)

    response = call("GET", f"/communities/{SLUG}/actions/{action.pk}", token=eino)

    assert response.status_code == 200
    data = response.json()
    assert data["started_by"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert data["beneficiaries"] == [{"member": None, "name": "Martta", "represented_by": "Aino Virtanen"}]
    [task] = data["tasks"]
    assert (task["id"], task["status"], task["slots"], task["taken"]) == (open_task.pk, "open", 2, 1)
    assert task["my_claim_id"] == Claim.objects.get(member=member).pk
    assert (data["is_member"], data["takes_part"], data["may_claim"]) == (True, False, True)
    assert no_private_fields(data)


def test_another_communitys_action_is_404_through_this_community(outsider, eino):
    elsewhere = ActionFactory(community=outsider.memberships.get().community)

    response = call("GET", f"/communities/{SLUG}/actions/{elsewhere.pk}", token=eino)

    assert response.status_code == 404


def test_a_hidden_action_says_only_that_it_is_hidden(community, eino):
    action = ActionFactory(community=community, title="Something reported", hidden_at=timezone.now())
    TaskFactory(action=action)

    data = call("GET", f"/communities/{SLUG}/actions/{action.pk}", token=eino).json()

    assert data["hidden"] is True
    assert (data["title"], data["problem"], data["tasks"], data["started_by"]) == ("", "", [], None)


@pytest.fixture
def taking_part(community, member):
    action = ActionFactory(community=community)
    ActionParticipant.objects.create(action=action, member=member)
    return action


def test_member_taking_part_moves_the_action_on_and_it_is_recorded(community, member, taking_part, eino):
    body = {"stage": "design", "from_stage": "initiate"}

    response = call("POST", f"/communities/{SLUG}/actions/{taking_part.pk}/stage", token=eino, body=body)

    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "design"
    taking_part.refresh_from_db()
    assert taking_part.stage == Stage.DESIGN
    entry = HistoryEntry.objects.get(community=community, kind=HistoryKind.ACTION_STAGE_MOVED)
    assert entry.actor == member


def test_a_stale_stage_move_is_409_and_changes_nothing(taking_part, eino):
    path = f"/communities/{SLUG}/actions/{taking_part.pk}/stage"
    body = {"stage": "design", "from_stage": "initiate"}
    call("POST", path, token=eino, body=body)

    again = call("POST", path, token=eino, body=body)

    assert again.status_code == 409
    assert "just moved this action" in again.json()["detail"]
    taking_part.refresh_from_db()
    assert taking_part.stage == Stage.DESIGN
    assert HistoryEntry.objects.filter(kind=HistoryKind.ACTION_STAGE_MOVED).count() == 1


def test_going_back_a_stage_needs_a_reason(taking_part, eino):
    Action.objects.filter(pk=taking_part.pk).update(stage=Stage.DESIGN)

    response = call(
        "POST",
        f"/communities/{SLUG}/actions/{taking_part.pk}/stage",
        token=eino,
        body={"stage": "initiate", "from_stage": "design"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_skipping_a_stage_is_refused(taking_part, eino):
    body = {"stage": "deliver", "from_stage": "initiate"}

    response = call("POST", f"/communities/{SLUG}/actions/{taking_part.pk}/stage", token=eino, body=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stage"


def test_a_member_not_taking_part_may_not_move_the_action(community, eino):
    action = ActionFactory(community=community)
    body = {"stage": "design", "from_stage": "initiate"}

    response = call("POST", f"/communities/{SLUG}/actions/{action.pk}/stage", token=eino, body=body)

    assert response.status_code == 403
    assert response.json()["code"] == "not_taking_part"
    action.refresh_from_db()
    assert action.stage == Stage.INITIATE


@pytest.mark.parametrize(
    "body",
    [
        {"stage": "design"},
        {"stage": "later", "from_stage": "initiate"},
        {"stage": 2},
        {"stage": "initiate", "from_stage": "design", "reason": "No\x00"},
    ],
)
def test_stage_move_refuses_bad_input(taking_part, eino, body):
    response = call("POST", f"/communities/{SLUG}/actions/{taking_part.pk}/stage", token=eino, body=body)

    assert response.status_code == 422


# --- Tasks: lists and one -------------------------------------------------------------------------


def test_member_lists_the_open_tasks_of_the_community(community, member, eino):
    action = ActionFactory(community=community)
    open_task = TaskFactory(action=action, slots=2)
    mine = TaskFactory(action=action, slots=2, taken=1)
    claim = ClaimFactory(task=mine, member=member)
    TaskFactory(action=action, slots=1, taken=1)  # full
    TaskFactory(action=action, cancelled_at=timezone.now())
    TaskFactory(action=action, deadline=timezone.now() - timedelta(days=1))  # past
    TaskFactory(action=ActionFactory(community=community, stage=Stage.CLOSED))
    TaskFactory(action__title="Elsewhere")

    response = call("GET", f"/communities/{SLUG}/tasks", token=eino)

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [mine.pk, open_task.pk]
    assert items[0]["my_claim_id"] == claim.pk
    assert items[1]["my_claim_id"] is None
    assert items[1]["status"] == "open"


def test_visitor_sees_the_open_tasks_of_public_actions_only(db):
    open_doors = public_community(slug="open-doors")
    public = TaskFactory(action=ActionFactory(community=open_doors, visibility=ActionVisibility.PUBLIC))
    TaskFactory(action=ActionFactory(community=open_doors, visibility=ActionVisibility.COMMUNITY))

    response = call("GET", "/communities/open-doors/tasks")

    assert [item["id"] for item in response.json()["items"]] == [public.pk]
    assert response.json()["items"][0]["my_claim_id"] is None


def test_tasks_list_runs_the_same_few_queries_for_2_or_10_tasks(community, member, eino):
    from talkoot.members.models import Skill

    shopping, driving = Skill.objects.get(slug="shopping"), Skill.objects.get(slug="driving")

    def add(count: int) -> None:
        for _ in range(count):
            task = TaskFactory(action__community=community, slots=3, taken=1)
            task.skills.set([shopping, driving])
            ClaimFactory(task=task, member=MemberFactory())

    def count() -> int:
        response, queries = queries_after_auth("GET", f"/communities/{SLUG}/tasks", eino)
        assert response.status_code == 200
        return queries

    add(2)
    few = count()
    add(8)
    assert count() == few <= LIST_BUDGET
    listed = call("GET", f"/communities/{SLUG}/tasks", token=eino).json()["items"]
    assert len(listed) == 10
    assert listed[0]["skills"] == ["driving", "shopping"]


def test_task_detail_names_who_took_it_on_and_nothing_private(community, member, steward, eino):
    task = TaskFactory(action__community=community, slots=3, taken=1)
    ClaimFactory(task=task, member=steward)

    response = call("GET", f"/communities/{SLUG}/tasks/{task.pk}", token=eino)

    assert response.status_code == 200
    data = response.json()
    assert data["claimants"] == [{"id": steward.pk, "display_name": "Aino Virtanen"}]
    assert (data["action_id"], data["slots"], data["taken"], data["my_claim_id"]) == (task.action_id, 3, 1, None)
    assert no_private_fields(data)


def test_another_communitys_task_is_404_through_this_community(eino):
    elsewhere = TaskFactory()

    assert call("GET", f"/communities/{SLUG}/tasks/{elsewhere.pk}", token=eino).status_code == 404
    assert call("GET", f"/communities/{SLUG}/tasks/999999", token=eino).status_code == 404


def test_task_detail_refuses_an_id_that_is_not_a_number(eino):
    assert call("GET", f"/communities/{SLUG}/tasks/first", token=eino).status_code == 422


# --- Tasks: 'For you' ------------------------------------------------------------------------------


def test_for_you_offers_tasks_of_all_my_communities_but_not_my_own_or_taken_ones(community, member, eino):
    second = public_community(slug="second-home")
    MembershipFactory(community=second, member=member)
    here = TaskFactory(action__community=community, title="Here")
    there = TaskFactory(action__community=second, title="There")
    taken = TaskFactory(action__community=community, slots=2, taken=1)
    ClaimFactory(task=taken, member=member)
    own = TaskFactory(action__community=community)
    ActionBeneficiary.objects.create(action=own.action, member=member)
    TaskFactory(action__title="Not mine")

    response = call("GET", "/tasks/for-you", token=eino)

    assert response.status_code == 200
    items = response.json()["items"]
    assert sorted((item["id"], item["community"]) for item in items) == sorted(
        [(here.pk, SLUG), (there.pk, "second-home")]
    )
    assert no_private_fields(items)


def test_for_you_narrows_by_length(community, eino):
    short = TaskFactory(action__community=community, effort_minutes=20)
    TaskFactory(action__community=community, effort_minutes=90)

    response = call("GET", "/tasks/for-you?length=short", token=eino)

    assert [item["id"] for item in response.json()["items"]] == [short.pk]


@pytest.mark.parametrize("query", ["when=tomorrow", "length=huge", "category=magic", "limit=0", "limit=21"])
def test_for_you_refuses_unknown_filters(eino, query):
    response = call("GET", f"/tasks/for-you?{query}", token=eino)

    assert response.status_code == 422
    assert response.json()["errors"][0]["in"] == "query"


def test_for_you_is_for_signed_in_members_only():
    assert call("GET", "/tasks/for-you").status_code == 401


def test_for_you_runs_the_same_queries_for_2_or_10_tasks(community, member, eino):
    def count() -> int:
        response, queries = queries_after_auth("GET", "/tasks/for-you", eino)
        assert response.status_code == 200
        return queries

    for _ in range(2):
        TaskFactory(action__community=community)
    few = count()
    for _ in range(8):
        TaskFactory(action__community=community)
    assert count() == few
    assert len(call("GET", "/tasks/for-you", token=eino).json()["items"]) == 10


# --- Tasks: adding and splitting -----------------------------------------------------------------


def test_member_adds_a_task_at_a_set_time_with_skills(community, member, eino):
    action = ActionFactory(community=community)
    starts = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    body = {
        "title": "Carry the bags upstairs",
        "effort_minutes": 45,
        "slots": 2,
        "starts_at": starts.isoformat(),
        "skills": ["shopping", "transport"],
    }

    response = call("POST", f"/communities/{SLUG}/actions/{action.pk}/tasks", token=eino, body=body)

    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.action, task.created_by, task.slots, task.starts_at) == (action, member, 2, starts)
    assert task.ends_at == starts + timedelta(minutes=45)  # the start and the effort, as the page does
    assert sorted(task.skills.values_list("slug", flat=True)) == ["shopping", "transport"]
    assert response.json()["skills"] == ["shopping", "transport"]


def test_task_create_sent_twice_with_the_same_once_adds_one_task(community, eino):
    action = ActionFactory(community=community)
    body = {"title": "Carry the bags", "once": "abc"}
    path = f"/communities/{SLUG}/actions/{action.pk}/tasks"

    first, again = call("POST", path, token=eino, body=body), call("POST", path, token=eino, body=body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert action.tasks.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Help", "effort_minutes": 0}, "effort_minutes"),
        ({"title": "Help", "effort_minutes": 481}, "effort_minutes"),
        ({"title": "Help", "effort_minutes": "an hour"}, "effort_minutes"),
        ({"title": "Help", "slots": 101}, "slots"),
        ({"title": "Help", "skills": ["juggling"]}, "skills"),
        ({"title": "Help", "starts_at": "2001-01-01T10:00:00+00:00"}, "starts_at"),
        ({"title": "Help", "deadline": "2001-01-01T10:00:00+00:00"}, "deadline"),
        ({"title": "Help", "ends_at": "2031-01-01T10:00:00+00:00"}, "ends_at"),
        (
            {"title": "Help", "starts_at": "2031-01-01T10:00:00+00:00", "deadline": "2031-01-02T10:00:00+00:00"},
            "deadline",
        ),
        (
            {"title": "Help", "starts_at": "2031-01-01T10:00:00+00:00", "ends_at": "2031-01-01T09:00:00+00:00"},
            "ends_at",
        ),
        ({"title": "Help", "assigned_to": 3}, "assigned_to"),
        ({"title": "Help", "starts_at": "9999-12-31T23:30:00"}, "starts_at"),
    ],
)
def test_task_create_refuses_bad_input(community, eino, body, field):
    action = ActionFactory(community=community)

    response = call("POST", f"/communities/{SLUG}/actions/{action.pk}/tasks", token=eino, body=body)

    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Task.objects.exists()


def test_a_closed_action_takes_no_new_tasks(community, eino):
    action = ActionFactory(community=community, stage=Stage.CLOSED)

    response = call("POST", f"/communities/{SLUG}/actions/{action.pk}/tasks", token=eino, body={"title": "Help"})

    assert response.status_code == 409
    assert not Task.objects.exists()


def test_member_splits_a_long_task_in_one_step(community, eino):
    task = TaskFactory(action__community=community, title="Spring cleaning", effort_minutes=180)

    response = call(
        "POST",
        f"/communities/{SLUG}/tasks/{task.pk}/split",
        token=eino,
        body={"parts": 3, "seen_effort_minutes": 180},
    )

    assert response.status_code == 201, response.content
    parts = response.json()["parts"]
    assert [part["effort_minutes"] for part in parts] == [60, 60, 60]
    assert parts[0]["id"] == task.pk
    assert [part["title"] for part in parts] == [f"Spring cleaning ({n}/3)" for n in (1, 2, 3)]
    assert Task.objects.filter(action=task.action).count() == 3


def test_a_split_sent_twice_splits_once(community, eino):
    task = TaskFactory(action__community=community, effort_minutes=120)
    path, body = f"/communities/{SLUG}/tasks/{task.pk}/split", {"parts": 2, "seen_effort_minutes": 120}

    first, again = call("POST", path, token=eino, body=body), call("POST", path, token=eino, body=body)

    assert (first.status_code, again.status_code) == (201, 409)
    assert Task.objects.filter(action=task.action).count() == 2


@pytest.mark.parametrize(
    "body", [{"parts": 1, "seen_effort_minutes": 60}, {"parts": 11, "seen_effort_minutes": 60}, {}]
)
def test_split_refuses_bad_input(community, eino, body):
    task = TaskFactory(action__community=community, effort_minutes=60)

    response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/split", token=eino, body=body)

    assert response.status_code == 422
    assert Task.objects.count() == 1


# --- Claims ---------------------------------------------------------------------------------------


def test_member_takes_on_a_task_and_takes_part_in_its_action(community, member, eino):
    task = TaskFactory(action__community=community, slots=2)

    response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=eino)

    assert response.status_code == 201, response.content
    data = response.json()
    claim = Claim.objects.get(task=task, member=member)
    assert (data["id"], data["status"], data["member"]["id"]) == (claim.pk, "active", member.pk)
    assert (data["task"]["taken"], data["task"]["my_claim_id"]) == (1, claim.pk)
    task.refresh_from_db()
    assert task.taken == 1
    assert ActionParticipant.objects.filter(action=task.action, member=member).exists()


def test_taking_on_a_task_twice_is_409_already_claimed(community, eino):
    task = TaskFactory(action__community=community, slots=2)
    call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=eino)

    again = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=eino)

    assert again.status_code == 409
    assert again.json()["code"] == "already_claimed"
    task.refresh_from_db()
    assert (task.taken, Claim.objects.count()) == (1, 1)


def test_a_full_task_is_409_task_full(community, eino):
    task = TaskFactory(action__community=community, slots=1, taken=1)

    response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=eino)

    assert response.status_code == 409
    assert response.json()["code"] == "task_full"
    assert not Claim.objects.exists()


def test_outsider_cannot_reach_a_private_communitys_task_to_claim_it(community, outsider, token_of):
    task = TaskFactory(action__community=community)

    response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=token_of(outsider))

    assert response.status_code == 404
    assert not Claim.objects.exists()


def test_a_task_of_another_community_cannot_be_claimed_through_this_one(eino):
    elsewhere = TaskFactory()

    response = call("POST", f"/communities/{SLUG}/tasks/{elsewhere.pk}/claim", token=eino)

    assert response.status_code == 404
    assert not Claim.objects.exists()


def test_a_read_only_token_cannot_claim(community, member):
    task = TaskFactory(action__community=community)
    read_only = access_token_create(member=member, name="tv", scope=Scope.READ)[1]

    response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=read_only)

    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert not Claim.objects.exists()


def _claim_budget_world(community, steward):
    # As on the action page: an action someone started (they are told), a task with free places.
    return TaskFactory(action=ActionFactory(community=community, started_by=steward), slots=5)


def test_a_claim_through_the_api_is_at_most_10_queries_after_authentication(community, steward, eino):
    """The door (community; task with its action and who started it), the slot, the claim, joining the
    action, telling who started it (their preference, the notification, their unread count), the
    community's work version, and the answer. The test's own transaction turns the service's into a
    savepoint, which a request in production does not run: those are not counted."""
    task = _claim_budget_world(community, steward)
    assert connection.features.supports_json_field
    with CaptureQueriesContext(connection) as queries:
        response = call("POST", f"/communities/{SLUG}/tasks/{task.pk}/claim", token=eino)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]

    assert response.status_code == 201
    assert statements[0].startswith(TOKEN_QUERY)
    assert len(statements) - 1 <= 10, "\n".join(sql[:120] for sql in statements)


def test_member_gives_a_task_back(community, member, eino):
    task = TaskFactory(action__community=community, taken=1)
    claim = ClaimFactory(task=task, member=member)

    response = call("POST", f"/communities/{SLUG}/claims/{claim.pk}/withdraw", token=eino)

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["task"]["taken"]) == ("withdrawn", 0)
    claim.refresh_from_db()
    task.refresh_from_db()
    assert (claim.status, task.taken) == (ClaimStatus.WITHDRAWN, 0)


def test_giving_a_task_back_twice_is_409(community, member, eino):
    claim = ClaimFactory(task=TaskFactory(action__community=community, taken=1), member=member)
    call("POST", f"/communities/{SLUG}/claims/{claim.pk}/withdraw", token=eino)

    again = call("POST", f"/communities/{SLUG}/claims/{claim.pk}/withdraw", token=eino)

    assert again.status_code == 409
    claim.task.refresh_from_db()
    assert claim.task.taken == 0


def test_nobody_else_can_give_back_or_finish_my_claim(community, member, steward, token_of):
    claim = ClaimFactory(task=TaskFactory(action__community=community, taken=1), member=member)
    aino = token_of(steward)

    assert call("POST", f"/communities/{SLUG}/claims/{claim.pk}/withdraw", token=aino).status_code == 404
    assert call("POST", f"/communities/{SLUG}/claims/{claim.pk}/done", token=aino, body={}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACTIVE


def test_member_marks_a_task_done_and_the_help_is_recorded(community, member, steward, eino):
    action = ActionFactory(community=community)
    ActionBeneficiary.objects.create(action=action, member=steward)
    claim = ClaimFactory(task=TaskFactory(action=action, taken=1, effort_minutes=45), member=member)

    response = call(
        "POST",
        f"/communities/{SLUG}/claims/{claim.pk}/done",
        token=eino,
        body={"actual_minutes": 50, "category": "household", "note": "Bags carried."},
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["actual_minutes"]) == ("done", 50)
    contribution = Contribution.objects.get(pk=data["contribution_id"])
    assert (contribution.contributor, contribution.minutes, contribution.category, contribution.claim_id) == (
        member,
        50,
        "household",
        claim.pk,
    )
    assert list(contribution.beneficiaries.values_list("member_id", flat=True)) == [steward.pk]


def test_marking_done_without_minutes_records_the_estimate(community, member, eino):
    claim = ClaimFactory(task=TaskFactory(action__community=community, taken=1, effort_minutes=45), member=member)

    response = call("POST", f"/communities/{SLUG}/claims/{claim.pk}/done", token=eino, body={})

    assert response.status_code == 200
    assert Contribution.objects.get().minutes == 45


@pytest.mark.parametrize(
    "body",
    [{"actual_minutes": 0}, {"actual_minutes": 1441}, {"category": "magic"}, {"note": "x" * 1001}, {"note": "a\x00"}],
)
def test_mark_done_refuses_bad_input(community, member, eino, body):
    claim = ClaimFactory(task=TaskFactory(action__community=community, taken=1), member=member)

    response = call("POST", f"/communities/{SLUG}/claims/{claim.pk}/done", token=eino, body=body)

    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACTIVE
    assert not Contribution.objects.exists()
