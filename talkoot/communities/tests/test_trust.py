"""Trust and the stewards it makes: the threshold, gaining and losing stewardship, who decides."""

from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.communities.access import default_threshold, may_decide_applications, trust_threshold
from talkoot.communities.models import Application, Membership, Trust
from talkoot.communities.services import application_decide, membership_leave
from talkoot.communities.services.trust import stewardship_recompute_all, trust_give, trust_withdraw
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def settled(community, name: str = "", *, days: int = 60):
    """A member who joined `days` ago: past the first week and the first 30 days."""
    person = MemberFactory(**({"display_name": name} if name else {}))
    MembershipFactory(community=community, member=person, joined_at=timezone.now() - timedelta(days=days))
    return person


def is_steward(person, community) -> bool:
    return Membership.objects.active().get(community=community, member=person).is_steward


def kinds(community) -> list[str]:
    return list(HistoryEntry.objects.filter(community=community).order_by("id").values_list("kind", flat=True))


@pytest.mark.parametrize(("settled_members", "threshold"), [(1, 1), (2, 1), (3, 1), (6, 3), (7, 3), (100, 3)])
def test_default_threshold_grows_with_the_community_up_to_three(settled_members, threshold):
    assert default_threshold(settled_members) == threshold


def test_threshold_counts_only_members_who_joined_over_a_week_ago():
    community = CommunityFactory()
    for _ in range(6):
        settled(community)
    for _ in range(6):
        settled(community, days=3)  # new this week: not counted yet

    assert trust_threshold(community) == 3
    community.trust_threshold = 5
    assert trust_threshold(community) == 5


def test_trust_from_enough_fellow_members_makes_a_steward_and_losing_it_unmakes_one():
    community = CommunityFactory()
    people = [settled(community) for _ in range(6)]  # threshold 3
    aino = people[0]

    trust_give(truster=people[1], trusted=aino, community=community)
    trust_give(truster=people[2], trusted=aino, community=community, note="She always knows who needs a call.")
    assert not is_steward(aino, community)
    trust_give(truster=people[3], trusted=aino, community=community)
    assert is_steward(aino, community)

    trust_withdraw(truster=people[2], trusted=aino, community=community)
    assert not is_steward(aino, community)
    assert kinds(community)[-6:] == [
        HistoryKind.TRUST_GIVEN,
        HistoryKind.TRUST_GIVEN,
        HistoryKind.TRUST_GIVEN,
        HistoryKind.STEWARD_GAINED,
        HistoryKind.TRUST_WITHDRAWN,
        HistoryKind.STEWARD_LOST,
    ]
    withdrawn = Trust.objects.get(truster=people[2], trusted=aino)
    assert withdrawn.withdrawn_at is not None and withdrawn.note == "She always knows who needs a call."


def test_trust_can_be_given_again_after_it_was_withdrawn():
    community = CommunityFactory()
    aino, eino = settled(community), settled(community)
    trust_give(truster=eino, trusted=aino, community=community)
    trust_withdraw(truster=eino, trusted=aino, community=community)

    trust_give(truster=eino, trusted=aino, community=community)

    assert Trust.objects.standing().filter(truster=eino, trusted=aino).count() == 1
    assert is_steward(aino, community)  # threshold 1 in a community of two


def test_a_steward_who_leaves_stops_being_one_and_their_trust_stops_counting():
    community = CommunityFactory()
    aino, eino, saara, kalle, timo, _, _ = (settled(community) for _ in range(7))  # threshold 3, and after
    for truster in (eino, saara, kalle):
        trust_give(truster=truster, trusted=aino, community=community)
    for truster in (aino, saara, kalle):
        trust_give(truster=truster, trusted=timo, community=community)
    assert is_steward(aino, community) and is_steward(timo, community)

    membership_leave(member=aino, community=community)

    assert not Membership.objects.filter(community=community, member=aino, is_steward=True).exists()
    assert not is_steward(timo, community)  # Saara's and Kalle's trust is left: two of three
    assert kinds(community).count(HistoryKind.STEWARD_LOST) == 2


def test_a_member_in_their_first_30_days_can_do_everything_but_give_trust():
    community = CommunityFactory()
    aino = settled(community)
    new = settled(community, days=10)

    with pytest.raises(ApplicationError, match="after your first 30 days"):
        trust_give(truster=new, trusted=aino, community=community)
    trust_give(truster=aino, trusted=new, community=community)  # they can be trusted, though

    assert not Trust.objects.filter(truster=new).exists()


@pytest.mark.parametrize("case", ["oneself", "non-member", "outsider", "twice"])
def test_trust_refuses_what_makes_no_sense(case, outsider):
    community = CommunityFactory()
    aino, eino = settled(community), settled(community)
    if case == "twice":
        trust_give(truster=eino, trusted=aino, community=community)
    truster, trusted = {
        "oneself": (aino, aino),
        "non-member": (aino, MemberFactory()),
        "outsider": (outsider, aino),
        "twice": (eino, aino),
    }[case]
    before = Trust.objects.count()

    with pytest.raises(ApplicationError):
        trust_give(truster=truster, trusted=trusted, community=community)

    assert Trust.objects.count() == before


def test_withdrawing_trust_never_given_is_refused():
    community = CommunityFactory()
    aino, eino = settled(community), settled(community)

    with pytest.raises(ApplicationError, match="not given your trust"):
        trust_withdraw(truster=eino, trusted=aino, community=community)


def _apply(community):
    applicant = MemberFactory()
    return Application.objects.create(community=community, applicant=applicant, answers=[])


def test_a_founder_alone_can_admit_the_first_applicants():
    community = CommunityFactory()
    founder = settled(community)

    decided = application_decide(decider=founder, application=_apply(community), accept=True)

    assert decided.status == "accepted"


def test_once_there_are_stewards_only_they_decide_on_applications():
    community = CommunityFactory()
    aino, eino, saara = settled(community), settled(community), settled(community)  # threshold 1
    trust_give(truster=eino, trusted=aino, community=community)
    assert may_decide_applications(aino, community) and not may_decide_applications(saara, community)
    application = _apply(community)

    with pytest.raises(ApplicationError, match="stewards"):
        application_decide(decider=saara, application=application, accept=True)
    application.refresh_from_db()
    assert application.status == "pending"

    assert application_decide(decider=aino, application=application, accept=False).status == "declined"


def test_the_daily_recount_follows_a_threshold_that_grew_as_new_members_settled():
    community = CommunityFactory()
    aino, eino = settled(community), settled(community)  # two settled members: one trust is enough
    trust_give(truster=eino, trusted=aino, community=community)
    assert is_steward(aino, community)
    for _ in range(4):
        settled(community, days=3)  # four newcomers, not counted yet

    assert stewardship_recompute_all() == 0
    assert stewardship_recompute_all(now=timezone.now() + timedelta(days=7)) == 1  # six settled: three needed

    assert not is_steward(aino, community)
    assert kinds(community)[-1] == HistoryKind.STEWARD_LOST
