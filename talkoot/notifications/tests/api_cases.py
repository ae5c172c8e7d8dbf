"""Access-matrix rows of the notifications router (talkoot/api/tests/harness.py)."""

from talkoot.api.tests.harness import Case
from talkoot.notifications.models import NotificationKind
from talkoot.notifications.services import notify


def trust_for_member(world):
    """Aino gave Eino her trust: one unread notification of Eino's."""
    return notify(
        recipients=[world.member], kind=NotificationKind.TRUST_RECEIVED, community=world.community, actor=world.steward
    )[0]


CASES = [
    # Everyone signed in has notifications of their own: the outsider reads theirs.
    Case("notifications_list", "GET", "/notifications", setup=trust_for_member, outsider=200),
    Case("notification_read", "POST", lambda n: f"/notifications/{n.pk}/read", setup=trust_for_member),
    Case("notifications_read_all", "POST", "/notifications/read-all", setup=trust_for_member, outsider=200),
]
