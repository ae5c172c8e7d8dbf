"""The database reader of the insights: which rows of which community and window become columns.

Runs on SQLite and on PostgreSQL (where every read is a COPY), with the same answers.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404

from talkoot.actions.models import ClaimStatus
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.communities.models import Trust
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Assessment
from talkoot.contributions.tests.factories import (
    ContributionBeneficiaryFactory,
    ContributionFactory,
    ThanksFactory,
)
from talkoot.insights.frames import EARLIEST, SCHEMAS, Window
from talkoot.insights.selectors import community_for_insights, insight_frames

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = Window(since=T0 - timedelta(days=30), until=T0 + timedelta(days=30))


@pytest.fixture
def people(community, steward, member):
    """Aino (steward), Eino and a third member; Eino joined another community first (his home)."""
    third = MembershipFactory(community=community, joined_at=T0 - timedelta(days=60)).member
    home = CommunityFactory(slug="eino-home")
    MembershipFactory(community=home, member=member, joined_at=T0 - timedelta(days=400))
    community.memberships.filter(member=steward).update(is_steward=True, joined_at=T0 - timedelta(days=100))
    community.memberships.filter(member=member).update(joined_at=T0 - timedelta(days=90))
    return steward, member, third, home


def test_frames_hold_the_community_and_window_only(community, people, other_community, outsider):
    aino, eino, third, home = people
    to_eino = ContributionFactory(community=community, contributor=aino, minutes=60, happened_at=T0)
    ContributionBeneficiaryFactory(contribution=to_eino, member=eino)
    # For Eino and a neighbour without an account: each gets half, the neighbour has no edge.
    shared = ContributionFactory(community=community, contributor=third, minutes=40, happened_at=T0)
    ContributionBeneficiaryFactory(contribution=shared, member=eino)
    ContributionBeneficiaryFactory(contribution=shared, member=None, name="Neighbour Hilkka")
    commons = ContributionFactory(community=community, contributor=eino, minutes=30, happened_at=T0)
    ContributionFactory(community=community, contributor=eino, minutes=30, happened_at=T0, withdrawn_at=T0)
    ContributionFactory(community=community, contributor=eino, minutes=30, happened_at=T0 - timedelta(days=45))
    ContributionFactory(community=other_community, contributor=outsider, minutes=99, happened_at=T0)
    ThanksFactory(contribution=to_eino, member=eino)

    frames = insight_frames(community=community, window=WINDOW)

    given = frames.contributions.sort("contribution")
    assert given["contribution"].to_list() == sorted([to_eino.pk, shared.pk, commons.pk])
    assert dict(zip(given["contribution"], given["beneficiaries"], strict=True)) == {
        to_eino.pk: 1,
        shared.pk: 2,
        commons.pk: 0,
    }
    assert given["happened_at"].to_list() == [T0, T0, T0]
    assert sorted(frames.receipts.rows()) == sorted([(to_eino.pk, eino.pk), (shared.pk, eino.pk)])
    assert frames.thanks["contribution"].to_list() == [to_eino.pk]
    members = {row["member"]: row for row in frames.members.to_dicts()}
    assert set(members) == {aino.pk, eino.pk, third.pk}
    assert members[eino.pk]["home_community"] == home.pk
    assert members[aino.pk]["home_community"] == community.pk
    assert members[aino.pk]["is_steward"] is True
    assert members[eino.pk]["is_steward"] is False
    # An earlier window's contribution still counts as Eino's first.
    assert members[eino.pk]["first_contributed_at"] == T0 - timedelta(days=45)
    for name, schema in SCHEMAS.items():
        assert dict(getattr(frames, name).schema) == schema


def test_trust_is_what_stands_at_the_end_of_the_window(community, people):
    aino, eino, third, _home = people
    Trust.objects.create(community=community, truster=aino, trusted=eino)
    withdrawn = Trust.objects.create(community=community, truster=eino, trusted=aino)
    Trust.objects.filter(pk=withdrawn.pk).update(withdrawn_at=T0)
    later = Trust.objects.create(community=community, truster=third, trusted=aino)
    Trust.objects.filter(pk=later.pk).update(created_at=WINDOW.until + timedelta(days=1))
    Trust.objects.filter(truster=aino).update(created_at=T0 - timedelta(days=5))

    frames = insight_frames(community=community, window=WINDOW)

    assert frames.trust.select("truster", "trusted").rows() == [(aino.pk, eino.pk)]


def test_tasks_claims_actions_and_assessments(community, people):
    aino, eino, third, _home = people
    action = ActionFactory(community=community, started_by=aino, stage="closed")
    task = TaskFactory(action=action, effort_minutes=20, slots=2, taken=1, deadline=T0 + timedelta(days=2))
    ClaimFactory(task=task, member=eino)
    ClaimFactory(task=task, member=third, status=ClaimStatus.WITHDRAWN)
    Assessment.objects.create(action=action, assessor=eino, value_in_use=4)
    other = ActionFactory(community=CommunityFactory(), started_by=aino)
    TaskFactory(action=other)

    frames = insight_frames(community=community, window=Window(since=EARLIEST, until=T0 + timedelta(days=3650)))

    assert frames.actions.select("action", "started_by", "stage").rows() == [(action.pk, aino.pk, "closed")]
    row = frames.tasks.to_dicts()[0]
    assert (row["task"], row["effort_minutes"], row["slots"], row["taken"]) == (task.pk, 20, 2, 1)
    assert row["due_at"] == T0 + timedelta(days=2)
    assert row["cancelled"] is False
    assert frames.claims.select("task", "member").rows() == [(task.pk, eino.pk)]
    assert frames.assessments.rows() == [(action.pk, 4)]


def test_the_whole_instance_counts_every_community_once_per_member(community, people, other_community, outsider):
    aino, eino, _third, home = people
    Trust.objects.create(community=community, truster=aino, trusted=eino)
    MembershipFactory(community=other_community, member=aino)
    Trust.objects.create(community=other_community, truster=aino, trusted=outsider)

    frames = insight_frames(community=None, window=Window(since=EARLIEST, until=datetime.now(UTC)))

    assert frames.members["member"].is_duplicated().sum() == 0
    assert outsider.pk in frames.members["member"].to_list()
    assert sorted(frames.trust.select("truster", "trusted").rows()) == sorted(
        [(aino.pk, eino.pk), (aino.pk, outsider.pk)]
    )


def test_an_empty_community_gives_empty_frames(db):
    lonely = CommunityFactory()
    frames = insight_frames(community=lonely, window=WINDOW)
    assert frames.members.height == frames.contributions.height == frames.trust.height == 0


def test_insights_are_for_members_only(community, member, outsider, newcomer):
    assert community_for_insights(member, community.slug) == community
    public = CommunityFactory(slug="open-to-all")
    for person in (outsider, newcomer, None):
        with pytest.raises(Http404):
            community_for_insights(person, community.slug)
        with pytest.raises(Http404):
            community_for_insights(person, public.slug)
    with pytest.raises(Http404):
        community_for_insights(member, "no-such-community")


@pytest.mark.django_db(transaction=True)
def test_committed_rows_are_read_the_fast_way_with_the_same_answers():
    """Outside a transaction PostgreSQL is read through ADBC (Arrow); the frames are the same."""
    community = CommunityFactory()
    giver, receiver = MembershipFactory(community=community).member, MembershipFactory(community=community).member
    given = ContributionFactory(community=community, contributor=giver, minutes=25, happened_at=T0)
    ContributionBeneficiaryFactory(contribution=given, member=receiver)
    Trust.objects.filter(pk=Trust.objects.create(community=community, truster=giver, trusted=receiver).pk).update(
        created_at=T0
    )

    frames = insight_frames(community=community, window=WINDOW)

    assert frames.contributions.select("contribution", "giver", "minutes", "beneficiaries").rows() == [
        (given.pk, giver.pk, 25, 1)
    ]
    assert frames.contributions["happened_at"].to_list() == [T0]
    assert frames.receipts.rows() == [(given.pk, receiver.pk)]
    assert frames.trust.select("truster", "trusted").rows() == [(giver.pk, receiver.pk)]
    for name, schema in SCHEMAS.items():
        assert dict(getattr(frames, name).schema) == schema
