"""Two stewards deciding on one report at once: one decision stands, the other is told."""

import pytest

from talkoot.actions.models import Action
from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.communities.tests.test_concurrency import _race
from talkoot.history.models import HistoryEntry
from talkoot.members.tests.factories import MemberFactory
from talkoot.reports.models import Report, ReportStatus
from talkoot.reports.services import report_dismiss, report_keep_hidden, report_make

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dismissal_and_a_keep_hidden_at_once_decide_once():
    community = CommunityFactory()
    aino, eino, saara = MemberFactory(), MemberFactory(), MemberFactory()
    MembershipFactory(community=community, member=aino, is_steward=True)
    MembershipFactory(community=community, member=eino, is_steward=True)
    MembershipFactory(community=community, member=saara)
    action = ActionFactory(community=community, started_by=saara)
    report = report_make(reporter=saara, community=community, action=action, reason="Wrong place for this")

    outcomes = _race(
        lambda: report_dismiss(steward=aino, report=report), lambda: report_keep_hidden(steward=eino, report=report)
    )

    assert sorted(kind for kind, _message in outcomes) == ["done", "refused"]
    decided = Report.objects.get()
    hidden = Action.objects.get(pk=action.pk).hidden_at is not None
    assert (decided.status == ReportStatus.KEPT_HIDDEN) == hidden
    assert decided.status in (ReportStatus.DISMISSED, ReportStatus.KEPT_HIDDEN)
    assert HistoryEntry.objects.filter(community=community, kind="content_hidden").count() == int(hidden)
