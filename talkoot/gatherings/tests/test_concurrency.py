"""Twenty people answer "coming" at the same moment for a gathering with three places."""

import pytest

from talkoot.communities.tests.factories import MembershipFactory
from talkoot.communities.tests.test_concurrency import _race
from talkoot.gatherings import services
from talkoot.gatherings.models import Answer, Attendance
from talkoot.gatherings.tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_answers_for_three_places_give_exactly_three_coming(community):
    occurrence = OccurrenceFactory(gathering__action__community=community, capacity=3)
    people = [MembershipFactory(community=community).member for _ in range(20)]
    outcomes = _race(
        *[
            (
                lambda person=person: services.attendance_answer(
                    member=person, occurrence=occurrence, answer=Answer.COMING
                )
            )
            for person in people
        ]
    )
    assert sorted(set(outcomes)) == [
        ("done", ""),
        ("refused", "All places are taken for this time. You can answer “maybe”, or ask the host."),
    ]
    assert outcomes.count(("done", "")) == 3
    occurrence.refresh_from_db()
    assert occurrence.coming == 3
    assert Attendance.objects.filter(occurrence=occurrence, answer=Answer.COMING).count() == 3


def test_one_member_double_clicking_coming_takes_one_place(community, member):
    occurrence = OccurrenceFactory(gathering__action__community=community, capacity=3)
    press = lambda: services.attendance_answer(member=member, occurrence=occurrence, answer=Answer.COMING)  # noqa: E731
    assert _race(press, press, press) == [("done", "")] * 3
    occurrence.refresh_from_db()
    assert occurrence.coming == 1
