"""Joining and leaving communities."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Application, ApplicationStatus, Community, JoinPolicy, Membership
from talkoot.communities.services.rules import refuse_if_closed_to
from talkoot.communities.services.trust import stewardship_recompute
from talkoot.companions.services import companionships_end_on_leaving
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member


@transaction.atomic
def membership_join(*, member: Member, community: Community) -> Membership:
    """Join an open community. A pending application to it, now moot, is withdrawn."""
    community = Community.objects.get(pk=community.pk)
    refuse_if_closed_to(member=member, community=community)
    if community.join_policy != JoinPolicy.OPEN:
        raise ApplicationError(
            _("%(community)s takes new members by application. Please apply instead.") % {"community": community.name}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(community=community, member=member, joined_at=now)
    except IntegrityError:
        # The same button pressed twice: the first press already made the member.
        raise ApplicationError(
            _("You are already a member of %(community)s.") % {"community": community.name}
        ) from None
    Application.objects.pending().filter(community=community, applicant=member).update(
        status=ApplicationStatus.WITHDRAWN, updated_at=now
    )
    history_record(community=community, kind=HistoryKind.MEMBER_JOINED, actor=member, subject=member)
    return membership


@transaction.atomic
def membership_leave(*, member: Member, community: Community) -> None:
    """End the member's membership; the row stays, with `left_at`, for the record.

    Safe inside a caller's transaction (account deletion calls it for every community).
    """
    now = timezone.now()
    community = Community.objects.select_for_update().get(pk=community.pk)  # as the trust services
    # One conditional UPDATE: of two presses of "leave", only one finds an active row.
    left = Membership.objects.active().filter(community=community, member=member).update(left_at=now, updated_at=now)
    if not left:
        raise ApplicationError(_("You are not a member of %(community)s.") % {"community": community.name})
    history_record(community=community, kind=HistoryKind.MEMBER_LEFT, actor=member, subject=member)
    # A steward who leaves stops being one; the trust they gave no longer counts for others.
    if Membership.objects.filter(community=community, member=member, is_steward=True).update(is_steward=False):
        history_record(community=community, kind=HistoryKind.STEWARD_LOST, actor=None, subject=member)
    # Nobody acts for someone who is gone, nor for others once gone themselves.
    companionships_end_on_leaving(member=member, community=community)
    stewardship_recompute(community=community, now=now)
