"""Companions on the pages: ask on a member's page, agree on the list, act on the acting page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import Action, Claim, Stage
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.companions.models import Companionship
from talkoot.contributions.models import Thanks
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def acting_url(community, person) -> str:
    return reverse("companions:acting", args=[community.slug, person.pk])


def test_a_member_offers_on_a_page_and_the_other_agrees_on_the_list(community, elder, member, client_for):
    story = reverse("contributions:story", args=[community.slug, elder.pk])
    html = client_for(member).get(story).content.decode()
    assert "Offer to act for <bdi>Hilja Heikkinen</bdi>" in html

    response = client_for(member).post(
        reverse("companions:ask", args=[community.slug, elder.pk]), {"role": "offer"}, follow=True
    )
    assert "It starts when they agree" in response.content.decode()

    listing = client_for(elder).get(reverse("companions:list", args=[community.slug])).content.decode()
    assert "offers to be your companion" in listing
    link = Companionship.objects.get()
    response = client_for(elder).post(reverse("companions:agree", args=[community.slug, link.pk]), follow=True)
    assert "can now act for" in response.content.decode()
    assert Companionship.objects.standing().filter(member=elder, companion=member).exists()


def test_the_companion_claims_for_the_member_and_both_names_show(community, elder, member, link, client_for):
    action = ActionFactory(community=community, title="Garden Saturday")
    task = TaskFactory(action=action, title="Rake the leaves", slots=2)
    client = client_for(member)
    html = client.get(acting_url(community, elder)).content.decode()
    assert "Take it on for <bdi>Hilja Heikkinen</bdi>" in html

    response = client.post(reverse("companions:claim", args=[community.slug, elder.pk, task.pk]), follow=True)

    assert "Hilja Heikkinen took on “Rake the leaves”, by you." in response.content.decode()
    claim = Claim.objects.get()
    assert (claim.member, claim.by_companion) == (elder, member)
    home = client_for(elder).get(reverse("core:home")).content.decode()
    assert "taken on for you by <bdi>Eino Laine</bdi>" in home
    history = client.get(reverse("communities:history", args=[community.slug]) + "?kind=companions").content.decode()
    assert "<bdi>Eino Laine</bdi> took on “<bdi>Rake the leaves</bdi>” for <bdi>Hilja Heikkinen</bdi>." in history


def test_the_companion_asks_for_help_for_the_member(community, elder, member, link, client_for):
    url = reverse("companions:need_help", args=[community.slug, elder.pk])
    form = client_for(member).get(url).content.decode()
    assert "Asking for someone else?" not in form
    once = form.split('name="once" value="')[1].split('"')[0]

    response = client_for(member).post(
        url, {"once": once, "what": "Lift to the doctor", "day_part": "any", "effort_minutes": 60}, follow=True
    )

    action = Action.objects.get()
    assert (action.started_by, action.by_companion) == (elder, member)
    assert "Started by <bdi>Eino Laine</bdi> for <bdi>Hilja Heikkinen</bdi>" in response.content.decode()


def test_the_companion_thanks_for_the_member(community, elder, member, steward, link, client_for):
    contribution = ContributionFactory(community=community, contributor=steward)
    ContributionBeneficiaryFactory(contribution=contribution, member=elder)
    assert (
        "Thank for <bdi>Hilja Heikkinen</bdi>" in client_for(member).get(acting_url(community, elder)).content.decode()
    )

    client_for(member).post(
        reverse("companions:thanks", args=[community.slug, elder.pk, contribution.pk]), {"message": "Kiitos!"}
    )

    assert Thanks.objects.get().by_companion == member
    story = client_for(steward).get(reverse("contributions:story", args=[community.slug, steward.pk]))
    assert "(said by <bdi>Eino Laine</bdi> for them)" in story.content.decode()
    assert "Nothing waiting for thanks." in client_for(member).get(acting_url(community, elder)).content.decode()


def test_the_companion_records_an_assessment(community, elder, member, link, client_for):
    action = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now(), title="Walks")
    action.beneficiaries.create(member=elder)
    url = reverse("companions:assess", args=[community.slug, elder.pk, action.pk])

    client_for(member).post(url, {"value_in_use": 5, "difference": "", "change_next_time": ""})

    page = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()
    assert "<bdi>Hilja Heikkinen</bdi>, recorded by <bdi>Eino Laine</bdi> for them" in page


def test_only_the_companion_reaches_the_acting_page(community, elder, member, steward, link, client_for):
    assert client_for(steward).get(acting_url(community, elder)).status_code == 404
    assert client_for(elder).get(acting_url(community, member)).status_code == 404


def test_after_the_end_the_acting_page_is_gone(community, elder, member, link, client_for):
    client_for(elder).post(reverse("companions:end", args=[community.slug, link.pk]))
    assert client_for(member).get(acting_url(community, elder)).status_code == 404


def test_the_acting_page_reads_the_same_queries_for_few_and_many(community, elder, member, steward, link, client_for):
    def measure() -> int:
        connection.features.supports_json_field  # noqa: B018 - SQLite asks once per connection
        with CaptureQueriesContext(connection) as queries:
            assert client_for(member).get(acting_url(community, elder)).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            action = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now())
            action.beneficiaries.create(member=elder)
            ClaimFactory(task=TaskFactory(action=action, taken=1), member=elder)
            TaskFactory(action=ActionFactory(community=community))
            contribution = ContributionFactory(community=community, contributor=steward, action=action)
            ContributionBeneficiaryFactory(contribution=contribution, member=elder)

    add(1)
    few = measure()
    add(8)
    assert measure() == few
