"""Trust between members, and the stewards it makes.

Nobody in a community is an administrator. A member becomes a steward when enough fellow
members trust them (`trust_threshold`), and stops being one when trust falls below it. Only
trust from current members counts, and only current members can be stewards. Stewardship is
recomputed here, in the services that change trust or membership, never in a signal. Every gain
and loss is a History row. Nobody loses stewardship for being away or quiet: only trust
withdrawn, leaving, or a community that grows past the threshold they met changes it.

Each service locks the community's row first, so two members trusting the same person at once
are counted one after the other, on SQLite and on PostgreSQL alike.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.access import NEWCOMER_FOR, is_newcomer, trust_threshold
from talkoot.communities.models import Community, Membership, Trust
from talkoot.core.dates import long_date
from talkoot.core.errors import ApplicationError
from talkoot.core.text import clean_text
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events

NOTE_MAX_LENGTH = Trust._meta.get_field("note").max_length or 280


def _locked(community: Community) -> Community:
    return Community.objects.select_for_update().get(pk=community.pk)


def _membership(member: Member, community: Community) -> Membership | None:
    return Membership.objects.active().filter(community=community, member=member).first()


@transaction.atomic
def trust_give(*, truster: Member, trusted: Member, community: Community, note: str = "") -> Trust:
    """`truster` trusts `trusted`, a fellow member of `community` (once; they may withdraw it)."""
    community = _locked(community)
    now = timezone.now()
    note = clean_text(note, max_length=NOTE_MAX_LENGTH, field="note", multiline=False)
    own = _membership(truster, community)
    if own is None:
        raise ApplicationError(
            _("Only members of %(community)s can give trust there.") % {"community": community.name},
            status=403,
            code="not_member",
        )
    if truster.pk == trusted.pk:
        raise ApplicationError(
            _("Trust is something others give you: you cannot trust yourself."), status=403, code="trust_oneself"
        )
    if is_newcomer(own, now=now):
        since = own.joined_at + NEWCOMER_FOR
        raise ApplicationError(
            _("You can give trust after your first 30 days here, from %(date)s. Everything else is open to you now.")
            % {"date": long_date(since)},
            status=403,
            code="newcomer",
        )
    if _membership(trusted, community) is None:
        raise ApplicationError(
            _("%(name)s is not a member of %(community)s.") % {"name": trusted, "community": community}
        )
    try:
        with transaction.atomic():
            trust = Trust.objects.create(community=community, truster=truster, trusted=trusted, note=note)
    except IntegrityError:
        raise ApplicationError(_("You already trust %(name)s.") % {"name": trusted}) from None
    history_record(community=community, kind=HistoryKind.TRUST_GIVEN, actor=truster, subject=trusted)
    events.trust_received(truster=truster, trusted=trusted, community=community)
    stewardship_recompute(community=community, now=now)
    return trust


@transaction.atomic
def trust_withdraw(*, truster: Member, trusted: Member, community: Community) -> Trust:
    """Take back trust `truster` gave `trusted`; the row stays, marked withdrawn."""
    community = _locked(community)
    now = timezone.now()
    trust = Trust.objects.standing().filter(community=community, truster=truster, trusted=trusted).first()
    if trust is None:
        raise ApplicationError(_("You have not given your trust to %(name)s.") % {"name": trusted})
    Trust.objects.filter(pk=trust.pk).update(withdrawn_at=now)
    trust.withdrawn_at = now
    history_record(community=community, kind=HistoryKind.TRUST_WITHDRAWN, actor=truster, subject=trusted)
    stewardship_recompute(community=community, now=now)
    return trust


def stewardship_recompute(*, community: Community, now: datetime | None = None) -> tuple[list[int], list[int]]:
    """Make stewards of the members trusted by at least the threshold of current members, and
    only of them. Returns (member ids who became stewards, who stopped). Call inside the
    transaction of the change, with the community's row locked."""
    now = now or timezone.now()
    threshold = trust_threshold(community, now=now)
    members = Membership.objects.active().filter(community=community)
    current = members.values("member_id")
    trusted_enough = set(
        Trust.objects.standing()
        .filter(community=community, truster__in=current, trusted__in=current)
        .values("trusted_id")
        .annotate(count=Count("id"))
        .filter(count__gte=threshold)
        .values_list("trusted_id", flat=True)
    )
    stewards_now = set(members.filter(is_steward=True).values_list("member_id", flat=True))
    gained, lost = sorted(trusted_enough - stewards_now), sorted(stewards_now - trusted_enough)
    if gained:
        members.filter(member_id__in=gained).update(is_steward=True, updated_at=now)
    if lost:
        members.filter(member_id__in=lost).update(is_steward=False, updated_at=now)
    for member_id, kind in [(m, HistoryKind.STEWARD_GAINED) for m in gained] + [
        (m, HistoryKind.STEWARD_LOST) for m in lost
    ]:
        history_record(
            community=community,
            kind=kind,
            actor=None,
            subject=Member(pk=member_id),
            detail={"threshold": threshold},
        )
    events.stewardship_changed(community=community, gained=gained, lost=lost)
    return gained, lost


def stewardship_recompute_all(*, now: datetime | None = None) -> int:
    """Recompute every community's stewards, each in its own transaction; returns how many
    members gained or lost stewardship. For the daily job: the default threshold grows as new
    members settle in, with no trust changing."""
    changed = 0
    for community_id in Community.objects.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            community = Community.objects.select_for_update().get(pk=community_id)
            gained, lost = stewardship_recompute(community=community, now=now)
        changed += len(gained) + len(lost)
    return changed
