"""Twenty members press "I'll do it" through the API on a three-slot task at the same moment.

Real threads, each with its own database connection and its own read-write token, through the
whole stack (authentication, the door, the service, the problem answer). As the other race tests
(communities/tests/test_concurrency.py), this runs on SQLite, where the test database is a file
and writers queue on the write lock as in production, and again on PostgreSQL, where the claims
really run at once (`make test-postgres` runs the whole suite there).
"""

import threading

import pytest

from talkoot.actions.models import Claim, ClaimStatus
from talkoot.actions.tests.factories import TaskFactory
from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.communities.tests.test_concurrency import _race

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 20
SLOTS = 3


def test_twenty_api_claims_on_three_slots_give_three_201_and_seventeen_409_task_full(community):
    task = TaskFactory(action__community=community, slots=SLOTS)
    people = [MembershipFactory(community=community).member for _ in range(PEOPLE)]
    tokens = [access_token_create(member=person, name="race", scope=Scope.READ_WRITE)[1] for person in people]
    path = f"/communities/{community.slug}/tasks/{task.pk}/claim"
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def claim(token: str) -> None:
        response = call("POST", path, token=token)
        with lock:
            answers.append((response.status_code, response.json().get("code", "")))

    _race(*(lambda token=token: claim(token) for token in tokens))

    assert len(answers) == PEOPLE
    assert sorted(answers) == [(201, "")] * SLOTS + [(409, "task_full")] * (PEOPLE - SLOTS)
    task.refresh_from_db()
    assert task.taken == SLOTS
    claims = Claim.objects.filter(task=task)
    assert claims.count() == SLOTS
    assert set(claims.values_list("status", flat=True)) == {ClaimStatus.ACTIVE}
    assert len(set(claims.values_list("member_id", flat=True))) == SLOTS
