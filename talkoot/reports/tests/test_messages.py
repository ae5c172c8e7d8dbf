"""Reports of messages: a member reports one, a steward hides it at once, the conversation says so."""

import pytest
from django.urls import reverse

from talkoot.conversations.models import Message
from talkoot.conversations.selectors import target_for
from talkoot.conversations.services import message_post
from talkoot.core.errors import ApplicationError
from talkoot.reports.models import Report, ReportStatus
from talkoot.reports.services import report_dismiss, report_hide, report_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(community, member):
    return message_post(author=member, target=target_for(member, community.slug, "community", 0), text="Buy my pills!")


def _conversation_html(client) -> str:
    return client.get(reverse("conversations:detail", args=["kallio-seniors", "community", 0])).content.decode()


def test_a_reported_message_is_hidden_by_a_steward_and_shown_again_on_dismissal(
    community, member, steward, a_steward, message, client_for
):
    assert "Report" in _conversation_html(client_for(steward))
    report = report_make(reporter=steward, community=community, message=message, reason="Selling things")
    # A steward may decide on a report she made: it is about Eino's message, not about her.
    report_hide(steward=a_steward, report=report)

    html = _conversation_html(client_for(member))
    assert "Hidden by the stewards while they decide on a report." in html and "Buy my pills" not in html
    report_dismiss(steward=a_steward, report=Report.objects.get())
    assert Message.objects.get().hidden_at is None
    assert Report.objects.get().status == ReportStatus.DISMISSED


def test_your_own_message_is_removed_not_reported(community, member, message):
    with pytest.raises(ApplicationError, match="your own message"):
        report_make(reporter=member, community=community, message=message, reason="Oops")


def test_the_report_form_for_a_message_and_its_404s(community, member, steward, outsider, message, client_for):
    url = reverse("reports:new", args=[community.slug]) + f"?message={message.pk}"
    page = client_for(steward).get(url).content.decode()
    assert "The message of Eino Laine: “Buy my pills!”" in page
    assert client_for(outsider).get(url).status_code == 404
    missing = reverse("reports:new", args=[community.slug]) + "?message=999999"
    assert client_for(steward).get(missing).status_code == 404
