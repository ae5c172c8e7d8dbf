"""Writes for companions: ask, agree, end, and the History row of every act on someone's behalf."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Community, Membership
from talkoot.companions.models import Companionship
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events

ACTS = ("need", "claim", "withdraw", "thanks", "assessment")


def _is_member(person: Member, community: Community) -> bool:
    return Membership.objects.active().filter(community=community, member=person).exists()


@transaction.atomic
def companion_ask(*, asked_by: Member, member: Member, companion: Member, community: Community) -> Companionship:
    """`asked_by` (either of the two) asks that `companion` act for `member`; the other agrees."""
    if member.pk == companion.pk:
        raise ApplicationError(_("You cannot be your own companion: choose another member."))
    if asked_by.pk not in (member.pk, companion.pk):
        raise ApplicationError(_("Only the two people concerned can ask for a companion."))
    for person in (member, companion):
        if not _is_member(person, community):
            raise ApplicationError(
                _("%(name)s is not a member of %(community)s.") % {"name": person, "community": community.name}
            )
    try:
        with transaction.atomic():
            asked = Companionship.objects.create(
                community=community, member=member, companion=companion, asked_by=asked_by
            )
    except IntegrityError:
        raise ApplicationError(_("This has been asked already: see your companions.")) from None
    events.companion_event(asked, event="asked", by=asked_by)
    return asked


@transaction.atomic
def companion_agree(*, agreer: Member, companionship: Companionship) -> Companionship:
    """The one who was asked agrees; from now on the companion may act for the member."""
    locked = Companionship.objects.select_for_update().select_related("community").get(pk=companionship.pk)
    if agreer.pk not in (locked.member_id, locked.companion_id) or agreer.pk == locked.asked_by_id:
        raise ApplicationError(_("Only the person who was asked can agree."))
    if locked.ended_at is not None:
        raise ApplicationError(_("This request was withdrawn or declined."))
    if locked.agreed_at is not None:
        raise ApplicationError(_("You agreed already."))
    if not _is_member(locked.member, locked.community) or not _is_member(locked.companion, locked.community):
        raise ApplicationError(_("One of you is no longer a member of this community."))
    locked.agreed_at = timezone.now()
    locked.save(update_fields=["agreed_at"])
    history_record(
        community=locked.community, kind=HistoryKind.COMPANION_AGREED, actor=locked.companion, subject=locked.member
    )
    events.companion_event(locked, event="agreed", by=agreer)
    return locked


def _end(locked: Companionship, ender: Member | None) -> None:
    locked.ended_at, locked.ended_by = timezone.now(), ender
    locked.save(update_fields=["ended_at", "ended_by"])
    if locked.agreed_at is not None:  # a request declined or withdrawn changed no power
        history_record(
            community=locked.community,
            kind=HistoryKind.COMPANION_ENDED,
            actor=locked.companion,
            subject=locked.member,
            detail={"ended_by": ender.pk if ender else None},
        )
        if ender is not None:
            events.companion_event(locked, event="ended", by=ender)


@transaction.atomic
def companion_end(*, ender: Member, companionship: Companionship) -> Companionship:
    """Either of the two ends it (or withdraws or declines the request); the row stays."""
    locked = Companionship.objects.select_for_update().select_related("community").get(pk=companionship.pk)
    if ender.pk not in (locked.member_id, locked.companion_id):
        raise ApplicationError(_("Only the two people concerned can end this."))
    if locked.ended_at is not None:
        raise ApplicationError(_("This has ended already."))
    _end(locked, ender)
    return locked


def companionships_end_on_leaving(*, member: Member, community: Community) -> int:
    """End every live link of a member who leaves. Call inside the leaving transaction."""
    links = Companionship.objects.live().filter(Q(member=member) | Q(companion=member), community=community)
    ended = 0
    for link in links.select_related("community", "member", "companion"):
        _end(link, member)
        ended += 1
    return ended


def companion_act_record(*, companion: Member, member: Member, community: Community, act: str, title: str) -> None:
    """The History row of one act on someone's behalf ("by X for Y"). Call inside its transaction."""
    assert act in ACTS, act  # noqa: S101 - a programming error, never user input
    history_record(
        community=community,
        kind=HistoryKind.COMPANION_ACTED,
        actor=companion,
        subject=member,
        detail={"act": act, "title": title},
    )
