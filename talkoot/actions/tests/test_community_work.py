"""The community page shows its open tasks and its actions by stage, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import ActionVisibility, Claim, Stage
from talkoot.actions.selectors import COMMUNITY_LATEST_PER_STAGE, COMMUNITY_OPEN_TASKS, community_work
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.actions.tests.test_for_you import MAX_QUERIES, build_work, count_queries
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory


@pytest.fixture
def now():
    return timezone.now()


def test_open_tasks_are_the_next_ones_the_viewer_could_take_on(community, member, now):
    action = ActionFactory(community=community)
    for days in (9, 3, 1, 7, 5, 2, 8, 4):
        TaskFactory(action=action, title=f"In {days} days", starts_at=now + timedelta(days=days))
    TaskFactory(action=action, title="Whenever")
    TaskFactory(action=action, title="Full", slots=1, taken=1, starts_at=now + timedelta(hours=1))
    TaskFactory(action=action, title="Cancelled", cancelled_at=now, starts_at=now + timedelta(hours=1))
    TaskFactory(action=action, title="Past", deadline=now - timedelta(hours=1))
    mine = TaskFactory(action=action, title="Mine already", slots=2, taken=1, starts_at=now + timedelta(hours=2))
    Claim.objects.create(task=mine, member=member)
    closed = ActionFactory(community=community, stage=Stage.CLOSED)
    TaskFactory(action=closed, title="Of a closed action", starts_at=now + timedelta(hours=1))

    work = community_work(community, member, now=now)

    assert [task.title for task in work.open_tasks] == [
        "In 1 days",
        "In 2 days",
        "In 3 days",
        "In 4 days",
        "In 5 days",
        "In 7 days",
    ]
    assert len(work.open_tasks) == COMMUNITY_OPEN_TASKS


def test_actions_by_stage_count_all_and_list_the_newest(community, member):
    for n in range(COMMUNITY_LATEST_PER_STAGE + 2):
        ActionFactory(community=community, stage=Stage.DESIGN, title=f"Design {n}")
    ActionFactory(community=community, stage=Stage.DELIVER, title="Deliver")
    ActionFactory(community=community, stage=Stage.CLOSED, title="Done and dusted")
    ActionFactory(stage=Stage.DESIGN, title="Another community's")

    work = community_work(community, member)

    by_stage = {group.stage: group for group in work.stages}
    assert list(by_stage) == [Stage.INITIATE, Stage.DESIGN, Stage.DELIVER, Stage.ASSESS]
    assert [group.count for group in work.stages] == [0, COMMUNITY_LATEST_PER_STAGE + 2, 1, 0]
    design = [action.title for action in by_stage[Stage.DESIGN].latest]
    assert design == [f"Design {n}" for n in range(COMMUNITY_LATEST_PER_STAGE + 1, 1, -1)]
    assert [action.title for action in by_stage[Stage.DELIVER].latest] == ["Deliver"]
    assert work.closed_count == 1
    assert work.active_count == COMMUNITY_LATEST_PER_STAGE + 3


def test_outside_a_public_community_only_public_actions_show(newcomer, now):
    open_community = CommunityFactory(visibility=Visibility.PUBLIC)
    public = ActionFactory(community=open_community, visibility=ActionVisibility.PUBLIC, title="Public")
    inside = ActionFactory(community=open_community, title="Members only")
    TaskFactory(action=public, title="Public task")
    TaskFactory(action=inside, title="Inside task")

    for viewer in (newcomer, None):
        work = community_work(open_community, viewer, now=now)
        assert [task.title for task in work.open_tasks] == ["Public task"]
        assert [a.title for group in work.stages for a in group.latest] == ["Public"]
        assert work.active_count == 1


def test_member_sees_open_tasks_stages_and_the_ways_to_help(community, member, client_for, now):
    action = ActionFactory(community=community, title="Shopping for Aino", stage=Stage.DELIVER)
    task = TaskFactory(action=action, title="Carry the Tuesday bags", slots=3, taken=1)

    response = client_for(member).get(reverse("communities:detail", args=[community.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Carry the Tuesday bags" in html
    assert "2 of 3 places free" in html
    assert reverse("actions:detail", args=[community.slug, action.pk]) + f"#task-{task.pk}" in html
    assert "Shopping for Aino" in html
    assert reverse("actions:for_you", args=[community.slug]) in html
    assert reverse("actions:start", args=[community.slug]) in html
    assert reverse("actions:need_help", args=[community.slug]) in html


def test_visitor_sees_public_work_without_the_member_links(db, client_for):
    open_community = CommunityFactory(visibility=Visibility.PUBLIC)
    action = ActionFactory(community=open_community, visibility=ActionVisibility.PUBLIC, title="Bench repair")
    TaskFactory(action=action, title="Sand the bench")
    TaskFactory(action=ActionFactory(community=open_community), title="Private errand")

    response = client_for(None).get(reverse("communities:detail", args=[open_community.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sand the bench" in html
    assert "Private errand" not in html
    assert reverse("actions:for_you", args=[open_community.slug]) not in html
    assert reverse("actions:start", args=[open_community.slug]) not in html


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
def test_private_community_page_answers_404_from_outside(community, persona_name, request, client_for):
    TaskFactory(action=ActionFactory(community=community), title="Carry the shopping")

    response = client_for(request.getfixturevalue(persona_name)).get(
        reverse("communities:detail", args=[community.slug])
    )

    assert response.status_code == 404
    assert b"Carry the shopping" not in response.content


@pytest.mark.parametrize("persona_name", ["member", "anonymous"])
def test_community_page_runs_the_same_few_queries_for_3_or_30_tasks(
    persona_name, request, client_for, django_assert_max_num_queries
):
    community = request.getfixturevalue("community")
    if persona_name == "anonymous":
        community.visibility = Visibility.PUBLIC
        community.save(update_fields=["visibility"])
    client = client_for(request.getfixturevalue(persona_name))
    url = reverse("communities:detail", args=[community.slug])

    build_work(community, actions=2)  # one public action: a visitor sees a task too
    with django_assert_max_num_queries(MAX_QUERIES):
        small = count_queries(client, url)
    build_work(community, actions=10)
    ActionFactory.create_batch(8, community=community, stage=Stage.ASSESS)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count_queries(client, url)

    assert small == large
