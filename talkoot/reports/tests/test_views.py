"""Reports on the pages: a member reports from an action, a steward hides it, the reporter sees what became of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.members.tests.factories import MemberFactory
from talkoot.reports.models import Report, ReportStatus
from talkoot.reports.services import report_make

pytestmark = pytest.mark.django_db


def _once(html: str) -> str:
    return html.split('name="once" value="')[1].split('"')[0]


def test_a_member_reports_a_task_the_steward_hides_it_and_the_reporter_sees_it(
    community, member, a_steward, client_for
):
    action = ActionFactory(community=community, title="Garden day")
    task = TaskFactory(action=action, title="Bring the chainsaw")
    action_page = reverse("actions:detail", args=[community.slug, action.pk])
    assert "Report a problem with this action" in client_for(member).get(action_page).content.decode()
    new = reverse("reports:new", args=[community.slug]) + f"?action={action.pk}"
    form = client_for(member).get(new).content.decode()
    assert "The task “Bring the chainsaw”" in form

    response = client_for(member).post(
        new, {"once": _once(form), "action": action.pk, "about": f"task-{task.pk}", "reason": "Dangerous"}, follow=True
    )
    assert "The stewards will look at it" in response.content.decode()

    report = Report.objects.get()
    listing = client_for(a_steward).get(reverse("reports:list", args=[community.slug])).content.decode()
    assert "Dangerous" in listing and "Hide it now" in listing
    client_for(a_steward).post(reverse("reports:hide", args=[community.slug, report.pk]))

    page = client_for(member).get(action_page).content.decode()
    assert "A task hidden by the stewards" in page and "Bring the chainsaw" not in page
    mine = client_for(member).get(reverse("reports:list", args=[community.slug])).content.decode()
    assert "hidden while the stewards decide" in mine
    assert "Hide it now" not in mine  # members who are not stewards only see their own


def test_a_hidden_action_shows_nothing_of_itself(community, member, a_steward, client_for):
    action = ActionFactory(community=community, title="Secret pills", problem="Buy my pills")
    report = report_make(reporter=member, community=community, action=action, reason="Scam")
    client_for(a_steward).post(reverse("reports:hide", args=[community.slug, report.pk]))

    html = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()

    assert "Hidden by stewards" in html and "Secret pills" not in html and "Buy my pills" not in html
    community_page = client_for(member).get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Secret pills" not in community_page


def test_an_empty_reason_is_asked_for_again(community, member, client_for):
    person = MemberFactory(display_name="Pekka")
    MembershipFactory(community=community, member=person)
    new = reverse("reports:new", args=[community.slug]) + f"?member={person.pk}"
    form = client_for(member).get(new).content.decode()

    response = client_for(member).post(new, {"once": _once(form), "member": person.pk, "about": "member", "reason": ""})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Report.objects.exists()


def test_a_member_who_is_not_a_steward_cannot_decide(community, member, a_steward, client_for):
    action = ActionFactory(community=community)
    report = report_make(reporter=a_steward, community=community, action=action, reason="Scam")
    response = client_for(member).post(reverse("reports:dismiss", args=[community.slug, report.pk]))
    assert response.status_code == 404
    assert Report.objects.get().status == ReportStatus.OPEN


def test_the_reports_page_reads_the_same_queries_for_few_and_many(community, member, a_steward, client_for):
    def measure() -> int:
        connection.features.supports_json_field  # noqa: B018 - SQLite asks once per connection
        with CaptureQueriesContext(connection) as queries:
            assert client_for(a_steward).get(reverse("reports:list", args=[community.slug])).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            action = ActionFactory(community=community)
            report_make(reporter=member, community=community, action=action, reason="Odd")
            report_make(reporter=member, community=community, task=TaskFactory(action=action), reason="Odd too")

    add(1)
    few = measure()
    add(6)
    assert measure() == few
