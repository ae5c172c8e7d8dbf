"""Computing and keeping reports; asking for a fresh one at once from two places."""

from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.communities.tests.test_concurrency import _race
from talkoot.core.errors import ApplicationError
from talkoot.insights.models import InsightReport, Period
from talkoot.insights.services import insights_compute, insights_compute_all, insights_request, window_for


def test_windows_of_the_periods():
    now = timezone.now()
    assert window_for("quarter", now).since == now - timedelta(days=91)
    assert window_for("year", now).since == now - timedelta(days=365)
    assert window_for("all", now).since.year == 2000
    assert window_for("all", now).until == now


@pytest.mark.django_db
def test_a_report_is_kept_and_replaced(community, member):
    first = insights_compute(community=community, period=Period.YEAR)
    second = insights_compute(community=community, period=Period.YEAR)
    assert first.pk == second.pk
    assert InsightReport.objects.count() == 1
    assert second.data["resource_base"]["members"] == 1
    assert second.seconds is not None


@pytest.mark.django_db
def test_the_nightly_job_counts_every_community_with_members_and_the_instance(community, member):
    CommunityFactory()  # nobody in it: nothing to count
    assert insights_compute_all() == 2 * len(Period.values)
    assert set(InsightReport.objects.values_list("community_id", flat=True)) == {None, community.pk}


@pytest.mark.django_db
def test_asking_for_an_unknown_period_is_refused(community):
    with pytest.raises(ApplicationError):
        insights_request(community=community, period="decade")


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_count_once():
    community = CommunityFactory()
    MembershipFactory(community=community)
    asked = []
    _race(*(lambda: asked.append(insights_request(community=community, period=Period.YEAR)) for _ in range(2)))
    assert sorted(asked) == [False, True]
    assert InsightReport.objects.filter(community=community).count() == 1
