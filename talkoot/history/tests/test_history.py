import pytest
from django.template.loader import render_to_string
from django.utils import translation

from talkoot.communities import services
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.history.selectors import community_history, recent_history_of_member
from talkoot.history.services import history_record
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _render(entry, **context) -> str:
    return " ".join(render_to_string("history/includes/entry.html", {"entry": entry, **context}).split())


def test_history_record_writes_one_row(newcomer):
    community = CommunityFactory()
    entry = history_record(community=community, kind=HistoryKind.MEMBER_JOINED, actor=newcomer, subject=newcomer)
    assert list(HistoryEntry.objects.all()) == [entry]
    assert (entry.actor, entry.subject, entry.detail) == (newcomer, newcomer, {})


def test_history_is_newest_first(newcomer):
    community = CommunityFactory()
    first = history_record(community=community, kind=HistoryKind.MEMBER_JOINED, actor=newcomer)
    second = history_record(community=community, kind=HistoryKind.MEMBER_LEFT, actor=newcomer)
    assert list(community_history(community=community)) == [second, first]


def test_history_keeps_entries_of_a_deleted_account(newcomer):
    community = CommunityFactory()
    history_record(community=community, kind=HistoryKind.MEMBER_JOINED, actor=newcomer, subject=newcomer)
    newcomer.delete()
    entry = HistoryEntry.objects.get()
    assert entry.actor is None
    assert "<bdi>A former member</bdi> joined." in _render(entry)


def test_entry_sentences_name_actor_and_subject_escaped():
    decider = MemberFactory(display_name="<b>Aino</b>")
    applicant = MemberFactory(display_name="Eino")
    entry = history_record(
        community=CommunityFactory(), kind=HistoryKind.APPLICATION_ACCEPTED, actor=decider, subject=applicant
    )
    html = _render(entry)
    assert "<bdi>&lt;b&gt;Aino&lt;/b&gt;</bdi> accepted the application of <bdi>Eino</bdi>." in html


def test_rule_changes_are_described_in_the_active_language(newcomer):
    entry = history_record(
        community=CommunityFactory(),
        kind=HistoryKind.RULES_CHANGED,
        actor=newcomer,
        detail={"visibility": ["public", "private"], "application_questions": [[], ["Why?"]]},
    )
    assert entry.rule_changes() == [
        "Who can see it: public → private.",
        "The questions to people who apply changed.",
    ]
    with translation.override("en"):
        assert "changed the rules for joining." in _render(entry)


def test_recent_history_covers_only_communities_i_belong_to_now():
    mine, left, foreign = CommunityFactory(), CommunityFactory(), CommunityFactory()
    me = MemberFactory()
    MembershipFactory(community=mine, member=me)
    MembershipFactory(community=left, member=me)
    services.membership_leave(member=me, community=left)
    for community in (mine, left, foreign):
        services.membership_join(member=MemberFactory(), community=community)
    assert {entry.community for entry in recent_history_of_member(member=me)} == {mine}


def test_every_change_of_power_in_a_communitys_life_is_recorded(newcomer):
    founder = MemberFactory()
    community = services.community_create(
        creator=founder, name="Life", join_policy="application", application_questions=["Why?"]
    )
    application = services.application_submit(applicant=newcomer, community=community, answers=["Because"])
    services.application_decide(decider=founder, application=application, accept=True)
    services.membership_leave(member=newcomer, community=community)
    kinds = list(community_history(community=community).values_list("kind", flat=True))
    assert kinds == [
        HistoryKind.MEMBER_LEFT,
        HistoryKind.APPLICATION_ACCEPTED,
        HistoryKind.COMMUNITY_CREATED,
    ]
