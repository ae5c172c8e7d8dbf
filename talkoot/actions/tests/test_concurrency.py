"""Twenty people press "I'll do it" on a three-slot task at the same moment.

Each thread has its own database connection; on SQLite the test database is a file, so writers
queue on the write lock exactly as in production.
"""

import threading

import pytest
from django.db import connection

from talkoot.actions import services
from talkoot.actions.models import Claim, ClaimStatus
from talkoot.actions.tests.factories import TaskFactory
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.core.errors import ApplicationError

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_people_claiming_three_slots_at_once_get_exactly_three_claims(community):
    task = TaskFactory(action__community=community, slots=3)
    people = [MembershipFactory(community=community).member for _ in range(20)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim(person):
        try:
            barrier.wait(timeout=30)
            services.task_claim(member=person, task=task)
            result = "claimed"
        except ApplicationError as error:
            result = f"refused: {error.message}"
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["claimed", "refused: This task was just taken. Thank you for offering!"]
    assert outcomes.count("claimed") == 3
    task.refresh_from_db()
    assert task.taken == 3
    assert Claim.objects.filter(task=task, status=ClaimStatus.ACTIVE).count() == 3
