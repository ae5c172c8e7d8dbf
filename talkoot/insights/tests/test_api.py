"""The insights API: the kept reports, for a community's members and for everyone signed in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.models import Community, Visibility
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory
from talkoot.insights.models import InsightReport, Period
from talkoot.insights.services import insights_compute
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PATH = "/communities/kallio-seniors/insights"


def token(person, scope=Scope.READ_WRITE) -> str:
    return access_token_create(member=person, name="tests", scope=scope)[1]


def _help(community, giver, receiver, minutes=30, days_ago=3):
    when = datetime.now(UTC) - timedelta(days=days_ago)
    given = ContributionFactory(community=community, contributor=giver, minutes=minutes, happened_at=when)
    ContributionBeneficiaryFactory(contribution=given, member=receiver)


@pytest.fixture
def helped(community, steward, member):
    """Eino helps Aino and Helmi, who knows nobody else: he connects the two."""
    _help(community, steward, member)
    _help(community, member, steward)
    helmi = MembershipFactory(community=community, member=MemberFactory(display_name="Helmi Korhonen")).member
    _help(community, member, helmi)


def test_before_anything_is_counted_the_report_is_null(community, member):
    response = call("GET", PATH, token=token(member))

    assert response.status_code == 200
    assert response.json() == {
        "period": "year",
        "report": None,
        "computed_at": None,
        "requested_at": None,
        "waiting": False,
        "bridges": [],
    }


def test_a_report_asked_for_and_not_yet_computed_says_it_is_on_its_way(community, member):
    asked = timezone.now()
    InsightReport.objects.create(community=community, period=Period.QUARTER, requested_at=asked)

    body = call("GET", f"{PATH}?period=quarter", token=token(member)).json()

    assert (body["report"], body["computed_at"], body["waiting"]) == (None, None, True)
    assert abs(datetime.fromisoformat(body["requested_at"]) - asked) < timedelta(milliseconds=1)


def test_a_member_reads_the_computed_report_with_the_bridges_names(community, member, helped):
    kept = insights_compute(community=community, period=Period.QUARTER)

    body = call("GET", f"{PATH}?period=quarter", token=token(member)).json()

    assert body["report"] == kept.data
    assert body["report"]["resource_base"]["contributors"] == 2
    assert body["waiting"] is False
    assert abs(datetime.fromisoformat(body["computed_at"]) - kept.computed_at) < timedelta(milliseconds=1)
    assert body["bridges"] == ["Eino Laine"]


def test_each_window_is_its_own_report(community, member, helped):
    insights_compute(community=community, period=Period.ALL)
    secret = token(member)

    assert call("GET", f"{PATH}?period=all", token=secret).json()["report"] is not None
    assert call("GET", f"{PATH}?period=year", token=secret).json()["report"] is None


@pytest.mark.parametrize("period", ["week", "", "YEAR"])
def test_an_unknown_window_is_refused(community, member, period):
    response = call("GET", f"{PATH}?period={period}", token=token(member))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"


def test_outside_the_community_there_are_no_insights_even_if_it_is_public(community, outsider, member, helped):
    insights_compute(community=community, period=Period.YEAR)
    Community.objects.filter(pk=community.pk).update(visibility=Visibility.PUBLIC)

    assert call("GET", PATH, token=token(outsider)).status_code == 404
    assert call("GET", "/communities/nowhere/insights", token=token(member)).status_code == 404


def test_the_instance_report_is_numbers_only(community, member, outsider, helped):
    kept = insights_compute(community=None, period=Period.ALL)
    assert kept.data["clusters"]["bridges"]  # the stored report names them by id...

    response = call("GET", "/insights?period=all", token=token(outsider))

    assert response.status_code == 200
    body = response.json()
    assert "bridges" not in body["report"]["clusters"]  # ...the answer does not
    assert "bridges" not in body
    assert body["report"]["resource_base"] == kept.data["resource_base"]
    assert body["report"]["clusters"]["count"] == kept.data["clusters"]["count"]


def test_the_instance_report_before_it_is_counted(member):
    body = call("GET", "/insights", token=token(member)).json()

    assert body == {"period": "year", "report": None, "computed_at": None, "requested_at": None, "waiting": False}


def test_reading_takes_a_fixed_number_of_queries(community, member, helped):
    insights_compute(community=community, period=Period.YEAR)
    secret = token(member)
    call("GET", PATH, token=secret)  # the token's first use writes its last use
    connection.features.supports_json_field  # noqa: B018 - SQLite asks once, outside the count

    with CaptureQueriesContext(connection) as captured:
        assert call("GET", PATH, token=secret).status_code == 200
    # The token, the community door, the report and the bridges' names.
    assert len(captured) == 4
