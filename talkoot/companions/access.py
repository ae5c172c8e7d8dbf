"""The one question every act on someone's behalf asks first."""

from django.utils.translation import gettext as _

from talkoot.companions.models import Companionship
from talkoot.core.errors import ApplicationError


def may_act_for(*, companion, member, community) -> bool:
    return Companionship.objects.standing().filter(community=community, member=member, companion=companion).exists()


def check_companion(*, companion, member, community) -> None:
    """Raise unless `companion` is, now, the agreed companion of `member` in `community`.

    Services that accept `by_companion` call this inside their transaction, so an act sent
    a moment after the link ended is refused.
    """
    if companion.pk == member.pk:
        raise ApplicationError(_("You act for yourself already: leave the companion out."))
    if not may_act_for(companion=companion, member=member, community=community):
        raise ApplicationError(
            _("You are not the companion of %(name)s (any more), so you cannot act for them.") % {"name": member}
        )
