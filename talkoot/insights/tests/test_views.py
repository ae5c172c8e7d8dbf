"""The insights pages as members meet them: counted figures in plain words, for members only."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory
from talkoot.insights.models import InsightReport, Period
from talkoot.insights.services import insights_compute
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _help(community, giver, receiver, minutes=30, days_ago=3):
    given = ContributionFactory(
        community=community,
        contributor=giver,
        minutes=minutes,
        happened_at=datetime.now(UTC) - timedelta(days=days_ago),
    )
    ContributionBeneficiaryFactory(contribution=given, member=receiver)


def test_before_anything_is_counted_the_page_says_so_and_offers_to_count(community, member, client_for):
    response = client_for(member).get(reverse("insights:community", args=[community.slug]))
    assert response.status_code == 200
    assert b"Nothing has been counted for this time window yet" in response.content
    assert b"Count again now" in response.content


def test_counting_on_request_shows_the_findings(
    community, steward, member, client_for, django_capture_on_commit_callbacks
):
    _help(community, steward, member)
    _help(community, member, steward)
    # Eino also helps Helmi, who knows nobody else: he connects her with Aino.
    helmi = MembershipFactory(community=community, member=MemberFactory(display_name="Helmi Korhonen")).member
    _help(community, member, helmi)
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:community_refresh", args=[community.slug]), {"period": "quarter"})
    assert response.url.endswith("?period=quarter")
    response = client.get(response.url)
    report = InsightReport.objects.get(community=community, period=Period.QUARTER)
    assert report.computed_at is not None and report.requested_at is None
    content = response.content.decode()
    assert "2 of your 3 members gave their time (67%)." in content
    assert "Giving back" in content
    assert 'role="img"' in content  # the charts, with a table of their numbers
    assert "<caption>" in content
    # The people who connect groups are named for the community's own members.
    assert "People who connect the groups" in content
    assert "<li><bdi>Eino Laine</bdi></li>" in content


def test_a_second_request_right_after_changes_nothing(
    community, member, client_for, django_capture_on_commit_callbacks
):
    client = client_for(member)
    url = reverse("insights:community_refresh", args=[community.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"period": "year"})
    computed = InsightReport.objects.get(community=community, period="year").computed_at
    response = client.post(url, {"period": "year"}, follow=True)
    assert b"already being counted" in response.content or b"fresh" in response.content
    assert InsightReport.objects.get(community=community, period="year").computed_at == computed


def test_an_unknown_window_falls_back_to_the_year(community, member, client_for):
    response = client_for(member).get(reverse("insights:community", args=[community.slug]), {"period": "forever"})
    assert response.status_code == 200
    assert b'<option value="year" selected>' in response.content
    response = client_for(member).post(
        reverse("insights:community_refresh", args=[community.slug]), {"period": "1; DROP TABLE"}
    )
    assert response.status_code == 302
    assert InsightReport.objects.filter(period="year").count() == 1


def test_visitors_of_a_public_community_do_not_see_its_insights(client_for, outsider):
    public = CommunityFactory(slug="open-door")
    MembershipFactory(community=public)
    for persona in (outsider, None):
        response = client_for(persona).get(reverse("insights:community", args=[public.slug]))
        assert response.status_code == 404


def test_the_page_asks_a_fixed_number_of_queries(community, steward, member, client_for):
    client = client_for(member)
    insights_compute(community=community, period=Period.YEAR)
    url = reverse("insights:community", args=[community.slug])
    connection.features.supports_json_field  # noqa: B018 - the backend caches this probe on first use
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        giver, receiver = MemberFactory(), MemberFactory()
        MembershipFactory(community=community, member=giver)
        MembershipFactory(community=community, member=receiver)
        _help(community, giver, receiver)
        _help(community, receiver, giver)
    insights_compute(community=community, period=Period.YEAR)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 6


def test_the_instance_page_is_for_signed_in_members(
    client_for, member, community, steward, django_capture_on_commit_callbacks
):
    _help(community, steward, member)
    url = reverse("insights:instance")
    assert client_for(None).get(url).status_code == 302
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insights:instance_refresh"), {"period": "all"})
    response = client.get(url, {"period": "all"})
    assert response.status_code == 200
    assert b"Insights of all communities" in response.content
    assert b"People who connect the groups" not in response.content  # numbers only, no names
    assert InsightReport.objects.get(community=None, period="all").data["resource_base"]["contributors"] == 1


def test_the_page_in_finnish(community, member, client_for):
    member.language = "fi"
    member.save(update_fields=["language"])
    insights_compute(community=community, period=Period.YEAR)
    response = client_for(member).get(reverse("insights:community", args=[community.slug]))
    content = response.content.decode()
    assert "Luottamus" in content
    assert "Who carries the load" not in content
