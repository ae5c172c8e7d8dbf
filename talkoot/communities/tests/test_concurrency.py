"""Two people pressing at the same moment, on real threads with their own database connections.

The rules hold in the database, not in Python: a decision is one conditional UPDATE of a
pending row, a membership is guarded by a partial unique constraint.

On SQLite the test database is a file (see settings), so the second writer waits for the
write lock (BEGIN IMMEDIATE, busy timeout) exactly as in production; on PostgreSQL both
transactions really run at once. Nothing is retried.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from talkoot.communities import services
from talkoot.communities.models import Application, ApplicationStatus, JoinPolicy, Membership
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT_SECONDS = 30


def _race(*calls) -> list[tuple[str, str]]:
    """Run the calls at the same moment, one thread and one connection each.

    Returns ("done", "") or ("refused", message) per call; anything else fails the test.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, str] | None] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=TIMEOUT_SECONDS)
            call()
            outcomes[index] = ("done", "")
        except ApplicationError as error:
            outcomes[index] = ("refused", error.message)
        except Exception as error:  # reported by the assertion below, with the others
            outcomes[index] = ("crashed", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT_SECONDS)
    assert all(outcome is not None and outcome[0] != "crashed" for outcome in outcomes), outcomes
    return outcomes


@pytest.fixture
def race_community():
    community = CommunityFactory(join_policy=JoinPolicy.APPLICATION, application_questions=[])
    first, second = MemberFactory(display_name="First Decider"), MemberFactory(display_name="Second Decider")
    MembershipFactory(community=community, member=first)
    MembershipFactory(community=community, member=second)
    applicant = MemberFactory(display_name="Applicant")
    application = Application.objects.create(community=community, applicant=applicant, answers=[])
    return community, first, second, applicant, application


@pytest.mark.parametrize(("first_accepts", "second_accepts"), [(True, True), (True, False)])
def test_two_members_deciding_at_once_make_exactly_one_decision(race_community, first_accepts, second_accepts):
    community, first, second, applicant, application = race_community

    outcomes = _race(
        lambda: services.application_decide(decider=first, application=application, accept=first_accepts),
        lambda: services.application_decide(decider=second, application=application, accept=second_accepts),
    )

    assert sorted(kind for kind, _message in outcomes) == ["done", "refused"]
    winner = 0 if outcomes[0][0] == "done" else 1
    [refusal] = [message for kind, message in outcomes if kind == "refused"]
    assert refusal.startswith("This application was already")
    assert ("First Decider" if winner == 0 else "Second Decider") in refusal

    application.refresh_from_db()
    accepted = (first_accepts, second_accepts)[winner]
    assert application.status == (ApplicationStatus.ACCEPTED if accepted else ApplicationStatus.DECLINED)
    assert application.decided_by == (first, second)[winner]
    memberships = Membership.objects.filter(community=community, member=applicant).count()
    assert memberships == (1 if accepted else 0)
    decisions = HistoryEntry.objects.filter(
        community=community, kind__in=[HistoryKind.APPLICATION_ACCEPTED, HistoryKind.APPLICATION_DECLINED]
    )
    assert decisions.count() == 1


def test_join_double_click_makes_one_membership():
    community = CommunityFactory(join_policy=JoinPolicy.OPEN)
    person = MemberFactory()

    outcomes = _race(
        lambda: services.membership_join(member=person, community=community),
        lambda: services.membership_join(member=person, community=community),
    )

    assert sorted(kind for kind, _message in outcomes) == ["done", "refused"]
    assert [message for kind, message in outcomes if kind == "refused"] == [
        f"You are already a member of {community.name}."
    ]
    assert Membership.objects.filter(community=community, member=person).count() == 1
    assert HistoryEntry.objects.filter(community=community, kind=HistoryKind.MEMBER_JOINED).count() == 1


def test_three_members_trusting_one_at_once_make_exactly_one_steward_and_one_history_row():
    community = CommunityFactory()
    long_ago = timezone.now() - timedelta(days=90)
    people = [MemberFactory() for _ in range(6)]  # six settled members: the threshold is 3
    for person in people:
        MembershipFactory(community=community, member=person, joined_at=long_ago)
    trusted, trusters = people[0], people[1:4]

    outcomes = _race(
        *(
            (lambda truster=truster: services.trust_give(truster=truster, trusted=trusted, community=community))
            for truster in trusters
        )
    )

    assert [kind for kind, _message in outcomes] == ["done", "done", "done"]
    assert Membership.objects.get(community=community, member=trusted).is_steward
    gained = HistoryEntry.objects.filter(community=community, kind=HistoryKind.STEWARD_GAINED, subject=trusted)
    assert gained.count() == 1
