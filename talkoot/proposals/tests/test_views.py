"""Proposal pages: a member proposes and others respond; outside the community there is nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.communities.models import Community, JoinPolicy, Visibility
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.members.tests.factories import MemberFactory
from talkoot.proposals.models import Proposal, ProposalStatus, Response
from talkoot.proposals.services import proposal_respond

pytestmark = pytest.mark.django_db

WEEKLY = {"kind": "general", "text": "Meet weekly", "window_hours": "24"}


def propose(client, community, data=WEEKLY, **extra):
    return client.post(reverse("proposals:new", args=[community.slug]), data, **extra)


def test_a_member_proposes_a_setting_and_another_consents(community, member, steward, client_for):
    response = client_for(member).post(
        reverse("proposals:new", args=[community.slug]),
        {
            "kind": "setting",
            "text": "Let anyone join.",
            "setting": "join_policy:open",
            "window_hours": "72",
        },
        follow=True,
    )
    proposal = Proposal.objects.get()
    assert "Your proposal is open" in response.content.decode()
    assert proposal.change == {"setting": "join_policy", "value": JoinPolicy.OPEN}

    client_for(steward).post(reverse("proposals:respond", args=[community.slug, proposal.pk]), {"kind": "consent"})
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = client_for(steward).get(reverse("proposals:detail", args=[community.slug, proposal.pk])).content.decode()

    assert "Passed" in page  # closed the moment it was looked at
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.OPEN


def test_an_objection_without_a_reason_is_explained_and_not_recorded(community, member, steward, client_for):
    client_for(member).post(
        reverse("proposals:new", args=[community.slug]),
        {"kind": "general", "text": "Meet weekly", "window_hours": "24"},
    )
    proposal = Proposal.objects.get()

    page = client_for(steward).post(
        reverse("proposals:respond", args=[community.slug, proposal.pk]),
        {"kind": "objection", "reason": ""},
        follow=True,
    )

    assert "say why you object" in page.content.decode()
    assert not Response.objects.filter(member=steward).exists()


def test_a_bad_window_keeps_the_form_with_a_message(community, member, client_for):
    response = client_for(member).post(
        reverse("proposals:new", args=[community.slug]), {"kind": "general", "text": "Meet weekly", "window_hours": "0"}
    )

    assert response.status_code == 200
    assert "Meet weekly" in response.content.decode()
    assert not Proposal.objects.exists()


def test_visitors_of_a_public_community_see_no_proposals(community, member, client_for):
    Community.objects.filter(pk=community.pk).update(visibility=Visibility.PUBLIC)
    visitor = MemberFactory()

    assert client_for(visitor).get(reverse("proposals:list", args=[community.slug])).status_code == 404
    assert client_for(None).get(reverse("proposals:list", args=[community.slug])).status_code == 404


def test_only_the_author_can_withdraw(community, member, steward, client_for):
    client_for(member).post(
        reverse("proposals:new", args=[community.slug]),
        {"kind": "general", "text": "Meet weekly", "window_hours": "24"},
    )
    proposal = Proposal.objects.get()

    client_for(steward).post(reverse("proposals:withdraw", args=[community.slug, proposal.pk]))
    assert Proposal.objects.get().status == ProposalStatus.OPEN
    client_for(member).post(reverse("proposals:withdraw", args=[community.slug, proposal.pk]))
    assert Proposal.objects.get().status == ProposalStatus.WITHDRAWN


def test_a_member_can_propose_removing_another_but_not_themselves(community, member, steward, client_for):
    other = MemberFactory(display_name="Olavi")
    MembershipFactory(community=community, member=other)
    url = reverse("proposals:new", args=[community.slug])

    own = client_for(member).post(url, {"kind": "removal", "text": "x", "member": str(member.pk), "window_hours": "72"})
    assert own.status_code == 200 and not Proposal.objects.exists()  # not offered, and refused if sent

    client_for(member).post(
        url, {"kind": "removal", "text": "Moved away", "member": str(other.pk), "window_hours": "72"}
    )
    assert Proposal.objects.get().change == {"member": other.pk}


def test_the_list_and_a_proposal_run_the_same_queries_for_few_and_many(community, member, steward, client_for):
    client = client_for(steward)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(count):
        for number in range(count):
            propose(client_for(member), community, {**WEEKLY, "text": f"Idea {number}"})
        for proposal in Proposal.objects.all():
            proposal_respond(member=steward, proposal=proposal, kind="concern", reason="Mornings are hard for me")

    add(2)
    first = Proposal.objects.first()
    few = (
        queries(reverse("proposals:list", args=[community.slug])),
        queries(reverse("proposals:detail", args=[community.slug, first.pk])),
    )
    add(10)
    many = (
        queries(reverse("proposals:list", args=[community.slug])),
        queries(reverse("proposals:detail", args=[community.slug, first.pk])),
    )

    assert few == many


def test_a_double_click_opens_one_proposal(community, member, client_for):
    client = client_for(member)
    form = {**WEEKLY, "once": "a3f9c2d417e84b06a3f9c2d417e84b06"}

    propose(client, community, form)
    again = propose(client, community, form, follow=True)

    assert Proposal.objects.count() == 1
    assert "nothing was added twice" in again.content.decode()


def test_those_who_responded_are_told_when_the_text_changes(community, member, steward, client_for):
    from talkoot.proposals.services import proposal_amend, proposal_create

    proposal = proposal_create(author=member, community=community, kind="general", text="Meet weekly")
    proposal_respond(member=steward, proposal=proposal, kind="consent")
    Response.objects.filter(member=steward).update(updated_at=timezone.now() - timedelta(hours=1))
    proposal_amend(author=member, proposal=proposal, text="Meet every other week")

    page = client_for(steward).get(reverse("proposals:detail", args=[community.slug, proposal.pk])).content.decode()

    assert "after you responded" in page and "given before the change" in page
    assert "after you responded" not in (
        client_for(member).get(reverse("proposals:detail", args=[community.slug, proposal.pk])).content.decode()
    )


def test_the_member_a_removal_proposal_is_about_is_told_and_may_respond(community, member, steward, client_for):
    from talkoot.proposals.services import proposal_create

    proposal = proposal_create(
        author=member, community=community, kind="removal", text="Rude to all", change={"member": steward.pk}
    )
    listing = client_for(steward).get(reverse("proposals:list", args=[community.slug])).content.decode()
    assert "A proposal to remove you" in listing
    page = client_for(steward).get(reverse("proposals:detail", args=[community.slug, proposal.pk])).content.decode()
    assert "This proposal is about you" in page

    client_for(steward).post(
        reverse("proposals:respond", args=[community.slug, proposal.pk]), {"kind": "objection", "reason": "Not true"}
    )
    assert Response.objects.get(member=steward).kind == "objection"
