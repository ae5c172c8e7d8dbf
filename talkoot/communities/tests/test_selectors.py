import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from talkoot.communities import selectors, services
from talkoot.communities.models import Application, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.history.models import HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_community_for_lets_anyone_into_a_public_community(open_community, outsider):
    for person in (outsider, AnonymousUser(), None):
        assert selectors.community_for(person, "espoo-coffee") == open_community


def test_community_for_lets_a_member_into_a_private_community(community, member):
    assert selectors.community_for(member, "kallio-seniors") == community


@pytest.mark.parametrize("slug", ["kallio-seniors", "no-such-community"])
def test_community_for_answers_404_alike_for_private_and_missing(slug, community, outsider):
    for person in (outsider, AnonymousUser(), None):
        with pytest.raises(Http404) as error:
            selectors.community_for(person, slug)
        assert str(error.value) == "No such community."


def test_community_for_shuts_out_a_member_who_left(community, member):
    services.membership_leave(member=member, community=community)
    with pytest.raises(Http404):
        selectors.community_for(member, "kallio-seniors")


def test_directory_leaves_out_private_communities(open_community, community, other_community):
    page = selectors.communities_directory()
    assert [c.name for c in page] == ["Espoo Coffee Mornings"]


def test_directory_counts_only_current_members(open_community, founder, newcomer):
    services.membership_join(member=newcomer, community=open_community)
    services.membership_leave(member=founder, community=open_community)
    [listed] = selectors.communities_directory()
    assert listed.member_count == 1


def test_directory_matches_municipality_whatever_the_letter_case(open_community, application_community):
    assert [c.slug for c in selectors.communities_directory(municipality="ESPOO")] == ["espoo-coffee"]


def test_directory_municipalities_lists_each_public_spelling_once(open_community):
    CommunityFactory(municipality="espoo")
    CommunityFactory(municipality="")
    CommunityFactory(municipality="Helsinki")
    CommunityFactory(municipality="Vantaa", visibility=Visibility.PRIVATE)
    assert selectors.directory_municipalities() == ["Espoo", "Helsinki"]


def test_my_communities_counts_all_members_not_just_me(open_community, founder, newcomer):
    services.membership_join(member=newcomer, community=open_community)
    [mine] = selectors.my_communities(newcomer)
    assert mine.member_count == 2


def test_pending_applications_leave_out_deleted_accounts(pending_application, application_community, newcomer):
    newcomer.is_active = False
    newcomer.save()
    assert list(selectors.pending_applications(application_community)) == []


def test_application_for_refuses_another_communitys_application(pending_application, open_community):
    with pytest.raises(Http404):
        selectors.application_for(open_community, pending_application.pk)


def test_viewer_state_tells_a_member_how_many_applications_wait(pending_application, application_community, founder):
    state = selectors.viewer_state(founder, application_community)
    assert (state.is_member, state.pending_count, state.member_count) == (True, 1, 1)


def test_viewer_state_hides_the_count_from_the_applicant(pending_application, application_community, newcomer):
    state = selectors.viewer_state(newcomer, application_community)
    assert (state.is_member, state.pending_application, state.pending_count) == (False, pending_application, 0)


def test_home_feed_is_bounded_and_only_from_my_communities(open_community, founder, other_community):
    for _ in range(30):
        services.membership_join(member=MemberFactory(), community=open_community)
    MembershipFactory(community=other_community)
    feed = selectors.home_feed(founder)
    assert len(feed.history) == selectors.HOME_HISTORY_LIMIT
    assert {entry.community_id for entry in feed.history} == {open_community.pk}
    assert all(entry.kind == HistoryKind.MEMBER_JOINED for entry in feed.history)
    assert len(feed.new_members) == selectors.HOME_NEW_MEMBERS_LIMIT
    assert founder not in [m.member for m in feed.new_members]


def test_my_pending_applications_leave_out_communities_gone_private(
    pending_application, application_community, newcomer
):
    assert list(selectors.my_pending_applications(newcomer)) == [pending_application]
    application_community.visibility = Visibility.PRIVATE
    application_community.save()
    assert list(selectors.my_pending_applications(newcomer)) == []


def test_pending_applications_are_oldest_first(application_community):
    first, second = MemberFactory(), MemberFactory()
    a = Application.objects.create(community=application_community, applicant=first)
    b = Application.objects.create(community=application_community, applicant=second)
    assert list(selectors.pending_applications(application_community)) == [a, b]
