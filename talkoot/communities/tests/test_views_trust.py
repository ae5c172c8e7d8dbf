"""Trust on a member's page: members give and take it back; nobody outside sees or touches it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.communities.models import Application, Membership, Trust
from talkoot.communities.services import trust_give, trust_withdraw
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled_member(community):
    person = MemberFactory(display_name="Kalle Korhonen")
    MembershipFactory(community=community, member=person, joined_at=timezone.now() - timedelta(days=90))
    return person


def page(community, person) -> str:
    return reverse("contributions:story", args=[community.slug, person.pk])


def test_a_settled_member_trusts_a_fellow_member_from_their_page(community, settled_member, member, client_for):
    client = client_for(settled_member)
    assert "I trust" in client.get(page(community, member)).content.decode()

    response = client.post(
        reverse("communities:trust_give", args=[community.slug, member.pk]), {"note": "Reliable"}, follow=True
    )

    html = response.content.decode()
    assert "You trust Eino Laine now" in html and "Reliable" in html
    assert Trust.objects.standing().filter(truster=settled_member, trusted=member).exists()
    # Two members in all: one trust makes a steward.
    assert Membership.objects.get(community=community, member=member).is_steward

    client.post(reverse("communities:trust_withdraw", args=[community.slug, member.pk]), follow=True)
    assert not Trust.objects.standing().exists()


def test_a_member_in_their_first_days_is_told_when_they_can_trust(community, member, steward, client_for):
    html = client_for(member).get(page(community, steward)).content.decode()

    assert "after their first 30 days" in html
    give = reverse("communities:trust_give", args=[community.slug, steward.pk])
    response = client_for(member).post(give, follow=True)
    assert "after your first 30 days" in response.content.decode()
    assert not Trust.objects.exists()


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
def test_trust_is_not_reachable_from_outside(persona_name, community, member, request, client_for):
    client = client_for(request.getfixturevalue(persona_name))

    assert client.get(page(community, member)).status_code == 404
    response = client.post(reverse("communities:trust_give", args=[community.slug, member.pk]))

    assert response.status_code == 404
    assert not Trust.objects.exists()


def test_trust_answers_404_for_a_member_of_another_community(community, other_community, settled_member, client_for):
    stranger = MemberFactory()
    MembershipFactory(community=other_community, member=stranger)

    response = client_for(settled_member).post(reverse("communities:trust_give", args=[community.slug, stranger.pk]))

    assert response.status_code == 404


def test_trust_cannot_be_given_by_get(community, settled_member, member, client_for):
    response = client_for(settled_member).get(reverse("communities:trust_give", args=[community.slug, member.pk]))

    assert response.status_code == 405
    assert not Trust.objects.exists()


def test_once_there_are_stewards_other_members_see_applications_without_the_buttons(
    community, settled_member, member, client_for
):
    Application.objects.create(community=community, applicant=MemberFactory(display_name="Raili"), answers=[])
    url = reverse("communities:applications", args=[community.slug])
    assert 'value="accept"' in client_for(member).get(url).content.decode()  # no stewards yet

    trust_give(truster=settled_member, trusted=member, community=community)  # two members: one trust is enough

    assert 'value="accept"' in client_for(member).get(url).content.decode()
    html = client_for(settled_member).get(url).content.decode()
    assert 'value="accept"' not in html and "tell a steward what you think" in html


def test_history_narrows_to_trust_and_to_one_member_with_a_fixed_query_count(
    community, settled_member, member, steward, client_for
):
    trust_give(truster=settled_member, trusted=member, community=community)
    url = reverse("communities:history", args=[community.slug])
    client = client_for(member)

    html = client.get(url, {"kind": "trust", "member": member.pk}).content.decode()

    assert "<bdi>Kalle Korhonen</bdi> gave their trust to <bdi>Eino Laine</bdi>" in html
    assert "Entries about <bdi>Eino Laine</bdi>" in html
    assert " joined." not in client.get(url, {"kind": "trust"}).content.decode()
    assert client.get(url, {"kind": "nonsense", "member": "x"}).status_code == 200

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"kind": "trust", "member": member.pk}).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        trust_withdraw(truster=settled_member, trusted=member, community=community)
        trust_give(truster=settled_member, trusted=member, community=community)
    assert queries() == few
