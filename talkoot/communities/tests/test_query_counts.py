"""Lists cost the same number of queries for 5 rows as for 50: nothing is fetched row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talkoot.communities import services
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.models import Skill
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    assert connection.features.supports_json_field  # asked once per connection: not the page's query
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add_public_communities(count: int, start: int) -> None:
    for number in range(start, start + count):
        community = CommunityFactory(
            name=f"Circle {number:03d}", slug=f"circle-{number}", municipality=f"Town {number}"
        )
        MembershipFactory.create_batch(2, community=community)


def test_directory_runs_the_same_queries_for_5_and_for_50_communities(newcomer, client_for):
    client = client_for(newcomer)
    url = reverse("communities:directory") + "?q=Circle"
    _add_public_communities(5, 0)
    with_5 = _queries(client, url)
    _add_public_communities(45, 5)
    with_50 = _queries(client, url)
    assert with_5 == with_50


def _add_members(community, count: int, skills) -> None:
    for _ in range(count):
        person = MemberFactory()
        person.skills.add(*skills)
        MembershipFactory(community=community, member=person)


def test_members_list_runs_the_same_queries_for_5_and_for_50_members(open_community, founder, client_for):
    skills = [Skill.objects.get(slug="cooking"), Skill.objects.create(slug="chess", name="Chess")]
    client = client_for(founder)
    url = reverse("communities:members", args=[open_community.slug])
    _add_members(open_community, 4, skills)  # 5 with the founder
    with_5 = _queries(client, url)
    _add_members(open_community, 45, skills)  # 50
    with_50 = _queries(client, url)
    assert with_5 == with_50
    assert "Chess" in client.get(url).content.decode()


def _join_busy_communities(person, count: int) -> None:
    for _ in range(count):
        community = CommunityFactory()
        MembershipFactory(community=community, member=person)
        for _ in range(3):
            services.membership_join(member=MemberFactory(), community=community)


def test_home_feed_runs_the_same_queries_however_busy(founder, client_for):
    client = client_for(founder)
    url = reverse("core:home")
    _join_busy_communities(founder, 1)
    few = _queries(client, url)
    _join_busy_communities(founder, 10)
    many = _queries(client, url)
    assert few == many


def test_applications_list_runs_the_same_queries_for_few_and_many(application_community, founder, client_for):
    from talkoot.communities.models import Application

    client = client_for(founder)
    url = reverse("communities:applications", args=[application_community.slug])
    for _ in range(3):
        Application.objects.create(community=application_community, applicant=MemberFactory(), answers=[])
    few = _queries(client, url)
    for _ in range(20):
        Application.objects.create(community=application_community, applicant=MemberFactory(), answers=[])
    many = _queries(client, url)
    assert few == many
