from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from talkoot.actions.models import ActionVisibility
from talkoot.actions.selectors import action_for
from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions import selectors
from talkoot.contributions.models import Category
from talkoot.contributions.tests.factories import (
    ContributionBeneficiaryFactory,
    ContributionFactory,
    ThanksFactory,
)
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(community, member, steward):
    """Eino (member) visited Aino (steward)."""
    contribution = ContributionFactory(community=community, contributor=member, category=Category.COMPANY)
    ContributionBeneficiaryFactory(contribution=contribution, member=steward)
    return contribution


def test_contribution_for_finds_a_contribution_of_the_community(visit, steward, community):
    assert selectors.contribution_for(steward, community, visit.pk) == visit


@pytest.mark.parametrize("contribution_id", [999_999, "abc", None, 10**30])
def test_contribution_for_answers_404_for_missing_or_malformed_ids(steward, community, contribution_id):
    with pytest.raises(Http404):
        selectors.contribution_for(steward, community, contribution_id)


def test_contribution_for_answers_404_for_another_communitys_contribution(steward, community, other_community):
    foreign = ContributionFactory(community=other_community)
    with pytest.raises(Http404):
        selectors.contribution_for(steward, community, foreign.pk)


def test_a_withdrawn_contribution_is_gone_for_others_but_not_for_its_contributor(visit, member, steward, community):
    visit.withdrawn_at = timezone.now()
    visit.save()
    with pytest.raises(Http404):
        selectors.contribution_for(steward, community, visit.pk)
    assert selectors.contribution_for(member, community, visit.pk) == visit


def test_contribution_on_an_action_the_viewer_cannot_read_answers_404():
    """In a public community, a non-member reads public actions only, and their contributions."""
    community = CommunityFactory(visibility=Visibility.PUBLIC)
    helper, passer_by = MemberFactory(), MemberFactory()
    MembershipFactory(community=community, member=helper)
    members_only = ContributionFactory(
        community=community, contributor=helper, action=ActionFactory(community=community)
    )
    public = ContributionFactory(
        community=community,
        contributor=helper,
        action=ActionFactory(community=community, visibility=ActionVisibility.PUBLIC),
    )
    unplanned = ContributionFactory(community=community, contributor=helper)
    for hidden in (members_only, unplanned):
        with pytest.raises(Http404):
            selectors.contribution_for(passer_by, community, hidden.pk)
    assert selectors.contribution_for(passer_by, community, public.pk) == public
    assert selectors.community_recent(community, None) == []


def test_community_recent_is_annotated_for_the_viewer(visit, member, steward, community):
    ThanksFactory(contribution=visit, member=steward)
    withdrawn = ContributionFactory(community=community, contributor=steward, withdrawn_at=timezone.now())
    for_steward = selectors.community_recent(community, steward)
    assert [c.pk for c in for_steward] == [visit.pk]
    assert withdrawn.pk not in [c.pk for c in for_steward]
    seen = for_steward[0]
    assert (seen.thanks_count, seen.thanked_by_viewer, seen.viewer_may_thank, seen.viewer_may_edit) == (
        1,
        True,
        False,
        False,
    )
    by_contributor = selectors.community_recent(community, member)[0]
    assert (by_contributor.thanked_by_viewer, by_contributor.viewer_may_thank, by_contributor.viewer_may_edit) == (
        False,
        False,
        True,
    )


def test_action_ledger_is_annotated_for_the_viewer_like_the_community_ledger(member, steward, community):
    action = ActionFactory(community=community)
    given = ContributionFactory(community=community, contributor=member, action=action)
    ThanksFactory(contribution=given, member=steward)
    ThanksFactory(contribution=given, member=MemberFactory())
    by_steward = ContributionFactory(community=community, contributor=steward, action=action)
    flags = ("thanks_count", "thanked_by_viewer", "viewer_is_member", "viewer_may_thank", "viewer_may_edit")

    def seen(contributions):
        return {c.pk: [getattr(c, flag) for flag in flags] for c in contributions}

    def through_the_door(viewer):  # as the action page reads it: after `action_for`
        return selectors.contributions_for_action(action_for(viewer, community, action.pk), viewer)

    for viewer in (member, steward):
        on_action = seen(through_the_door(viewer))
        assert on_action == seen(selectors.community_recent(community, viewer))
        assert on_action == seen(selectors.community_recent(community, viewer, viewer_is_member=True))
    seen_by_steward = {c.pk: c for c in through_the_door(steward)}
    assert [getattr(seen_by_steward[given.pk], flag) for flag in flags] == [2, True, True, False, False]
    assert [getattr(seen_by_steward[by_steward.pk], flag) for flag in flags] == [0, False, True, False, True]


def test_community_recent_is_limited_and_newest_first(member, community):
    now = timezone.now()
    for days in range(10):
        ContributionFactory(community=community, contributor=member, happened_at=now - timedelta(days=days))
    recent = selectors.community_recent(community, member, limit=8)
    assert len(recent) == 8
    assert recent == sorted(recent, key=lambda c: c.happened_at, reverse=True)


def test_community_recent_runs_two_queries_however_many_rows(member, steward, community, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            contribution = ContributionFactory(community=community, contributor=member)
            ContributionBeneficiaryFactory(contribution=contribution, member=steward)
            ContributionBeneficiaryFactory(contribution=contribution, member=None, name="Matti")
            ThanksFactory(contribution=contribution, member=steward, message="Kiitos!")

    def shown(rows):
        return [(c.contributor.display_name, c.people, c.thanks_given) for c in rows]

    add(1)
    with django_assert_num_queries(2):
        one = shown(selectors.community_recent(community, steward))
    add(10)
    with django_assert_num_queries(2):
        many = shown(selectors.community_recent(community, steward))
    with django_assert_num_queries(2):
        shown(selectors.community_recent(community, steward, viewer_is_member=True))

    assert len(one) == 1 and len(many) == 8
    _name, people, thanks = many[0]
    assert [(person.member_id, person.name) for person in people] == [(steward.pk, ""), (None, "Matti")]
    assert [(given.display_name, given.message) for given in thanks] == [(steward.display_name, "Kiitos!")]


def test_member_story_tells_given_and_received_apart(visit, member, steward, community):
    ContributionFactory(community=community, contributor=member, category=Category.COMPANY)
    ContributionFactory(community=community, contributor=member, category=Category.IDEAS)
    back = ContributionFactory(community=community, contributor=steward, category=Category.MEALS)
    ContributionBeneficiaryFactory(contribution=back, member=member)
    ThanksFactory(contribution=visit, member=steward, message="Lovely visit")
    ThanksFactory(contribution=back, member=member, message="Delicious")

    story = selectors.member_story(member, community, steward)
    assert story.times_helped == 3
    assert [(kind.category, kind.times) for kind in story.given_kinds] == [("company", 2), ("ideas", 1)]
    assert [c.pk for c in story.received] == [back.pk]
    assert [kind.category for kind in story.received_kinds] == ["meals"]
    assert [t.message for t in story.thanks_received] == ["Lovely visit"]
    assert [t.message for t in story.thanks_given] == ["Delicious"]
    assert not hasattr(story, "balance")


def test_member_story_leaves_out_withdrawn_help(member, steward, community):
    ContributionFactory(community=community, contributor=member, withdrawn_at=timezone.now())
    story = selectors.member_story(member, community, steward)
    assert story.times_helped == 0
    assert list(story.given) == []


def test_story_person_must_be_or_have_been_a_member(community, member, outsider):
    with pytest.raises(Http404):
        selectors.story_person_for(community, outsider.pk, member)
    membership = member.memberships.get(community=community)
    membership.left_at = timezone.now()
    membership.save()
    person = selectors.story_person_for(community, member.pk, member)
    assert (person, person.is_member_now) == (member, False)
