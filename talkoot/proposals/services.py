"""Writes for consent proposals: propose, respond, amend, withdraw, close.

Closing is one conditional UPDATE of the open row (`status = 'open' AND closes_at <= now`), so of
two workers closing the same proposal at once exactly one applies its change and writes its
History rows; the other finds it closed. The change is applied in that same transaction.
"""

import math
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.access import SETTLED_AFTER
from talkoot.communities.models import MAX_TRUST_THRESHOLD, Community, JoinPolicy, Membership, Visibility
from talkoot.communities.services.rules import clean_questions
from talkoot.communities.services.trust import stewardship_recompute
from talkoot.companions.services import companionships_end_on_leaving
from talkoot.core.errors import ApplicationError
from talkoot.core.text import clean_text
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events
from talkoot.proposals.models import Proposal, ProposalKind, ProposalStatus, Response, ResponseKind

DEFAULT_WINDOW_HOURS = 72
MIN_WINDOW_HOURS = 24
MAX_WINDOW_HOURS = 14 * 24
TEXT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 2000


def consents_needed(settled_members: int) -> int:
    """max(2, 10% of the members who joined over a week ago), rounded up."""
    return max(2, math.ceil(settled_members / 10))


def _member_of(member: Member, community: Community) -> bool:
    return Membership.objects.active().filter(community=community, member=member).exists()


def _clean_change(kind: str, change: dict, *, author: Member, community: Community) -> dict:
    if kind == ProposalKind.GENERAL:
        return {}
    if kind == ProposalKind.NORMS:
        norms = clean_text(change.get("norms"), max_length=TEXT_MAX_LENGTH, field="norms")
        if norms == community.norms:
            raise ApplicationError(_("This is how the norms read already."), field="norms")
        return {"norms": norms}
    if kind == ProposalKind.SETTING:
        setting, value = change.get("setting"), change.get("value")
        if setting == "join_policy" and value in JoinPolicy.values:
            cleaned: object = value
        elif setting == "visibility" and value in Visibility.values:
            cleaned = value
        elif setting == "application_questions":
            cleaned = clean_questions(value if isinstance(value, list | str) else "")
        elif setting == "trust_threshold" and (value is None or str(value).isdigit()):
            cleaned = int(value) if value is not None else None
            if cleaned is not None and not 1 <= cleaned <= MAX_TRUST_THRESHOLD:
                raise ApplicationError(
                    _("The trust needed must be between 1 and %(limit)d members.") % {"limit": MAX_TRUST_THRESHOLD},
                    field="value",
                )
        else:
            raise ApplicationError(_("Please choose a setting and a value for it."), field="value")
        if getattr(community, setting) == cleaned:
            raise ApplicationError(_("The community has this setting already."), field="value")
        return {"setting": setting, "value": cleaned}
    if kind == ProposalKind.REMOVAL:
        try:
            member_id = int(change.get("member"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApplicationError(_("Please choose the member."), field="member") from None
        if member_id == author.pk:
            raise ApplicationError(_("You cannot propose to remove yourself. You can leave at any time."))
        if not Membership.objects.active().filter(community=community, member_id=member_id).exists():
            raise ApplicationError(_("This person is not a member of the community."), field="member")
        return {"member": member_id}
    raise ApplicationError(_("Please choose one of the options."), field="kind")


def _window(hours) -> int:
    try:
        hours = int(hours)
    except (TypeError, ValueError):
        hours = -1
    if not MIN_WINDOW_HOURS <= hours <= MAX_WINDOW_HOURS:
        raise ApplicationError(
            _("A proposal stays open between 24 hours and 14 days. Please choose a time in between."),
            field="window_hours",
        )
    return hours


@transaction.atomic
def proposal_create(
    *,
    author: Member,
    community: Community,
    kind: str,
    text: str,
    change: dict | None = None,
    window_hours: int = DEFAULT_WINDOW_HOURS,
) -> Proposal:
    """Any member proposes. The author counts as consenting."""
    if not _member_of(author, community):
        raise ApplicationError(
            _("Only members of %(community)s can propose there.") % {"community": community.name},
            status=403,
            code="not_member",
        )
    text = clean_text(text, max_length=TEXT_MAX_LENGTH, field="text", required=True)
    hours = _window(window_hours)
    cleaned = _clean_change(kind, change or {}, author=author, community=community)
    now = timezone.now()
    proposal = Proposal.objects.create(
        community=community,
        author=author,
        kind=kind,
        text=text,
        change=cleaned,
        window_hours=hours,
        opened_at=now,
        closes_at=now + timedelta(hours=hours),
    )
    Response.objects.create(proposal=proposal, member=author, kind=ResponseKind.CONSENT)
    subject = Member(pk=cleaned["member"]) if kind == ProposalKind.REMOVAL else None
    history_record(
        community=community,
        kind=HistoryKind.PROPOSAL_OPENED,
        actor=author,
        subject=subject,
        detail={"proposal": proposal.pk, "kind": kind},
    )
    events.proposal_opened(proposal)
    return proposal


def _open_for_responses(proposal: Proposal, now: datetime) -> Proposal:
    """The proposal, locked, if it is still open; closed on the spot if its window is over."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status == ProposalStatus.OPEN and locked.closes_at <= now:
        raise _ClosedNow
    if locked.status != ProposalStatus.OPEN:
        raise ApplicationError(_("This proposal is closed: responses are no longer taken."))
    return locked


class _ClosedNow(Exception):
    """The window is over: close the proposal (outside the caller's failed transaction)."""


def proposal_respond(*, member: Member, proposal: Proposal, kind: str, reason: str = "") -> Response:
    """A member's response, or a changed one, until the window closes."""
    try:
        return _respond(member=member, proposal=proposal, kind=kind, reason=reason)
    except _ClosedNow:
        proposal_close(proposal=proposal)
        raise ApplicationError(_("This proposal is closed: responses are no longer taken.")) from None


@transaction.atomic
def _respond(*, member: Member, proposal: Proposal, kind: str, reason: str) -> Response:
    now = timezone.now()
    locked = _open_for_responses(proposal, now)
    if not _member_of(member, locked.community):
        raise ApplicationError(_("Only members of the community can respond."), status=403, code="not_member")
    if kind not in ResponseKind.values:
        raise ApplicationError(_("Please choose one of the options."), field="kind")
    reason = clean_text(reason, max_length=REASON_MAX_LENGTH, field="reason")
    if kind == ResponseKind.OBJECTION and not reason:
        raise ApplicationError(_("Please say why you object: it helps the others change the proposal."), field="reason")
    if kind == ResponseKind.CONCERN and not reason:
        raise ApplicationError(_("Please say what your concern is."), field="reason")
    try:
        with transaction.atomic():
            response, _created = Response.objects.update_or_create(
                proposal=locked, member=member, defaults={"kind": kind, "reason": reason}
            )
    except IntegrityError:  # the same response sent twice at once: the other one stands
        response = Response.objects.get(proposal=locked, member=member)
    return response


@transaction.atomic
def proposal_amend(*, author: Member, proposal: Proposal, text: str) -> Proposal:
    """The author changes the text: a full window opens again (those who responded are told)."""
    now = timezone.now()
    try:
        locked = _open_for_responses(proposal, now)
    except _ClosedNow:
        raise ApplicationError(_("This proposal is closed: it can no longer be changed.")) from None
    if locked.author_id != author.pk:
        raise ApplicationError(_("Only the person who made a proposal can change it."), status=403, code="not_author")
    locked.text = clean_text(text, max_length=TEXT_MAX_LENGTH, field="text", required=True)
    locked.opened_at, locked.amended_at = now, now
    locked.closes_at = now + timedelta(hours=locked.window_hours)
    locked.save(update_fields=["text", "opened_at", "amended_at", "closes_at"])
    history_record(
        community=locked.community, kind=HistoryKind.PROPOSAL_AMENDED, actor=author, detail={"proposal": locked.pk}
    )
    events.proposal_amended(locked)
    return locked


@transaction.atomic
def proposal_withdraw(*, author: Member, proposal: Proposal) -> Proposal:
    now = timezone.now()
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.author_id != author.pk:
        raise ApplicationError(_("Only the person who made a proposal can withdraw it."), status=403, code="not_author")
    if locked.status != ProposalStatus.OPEN:
        raise ApplicationError(_("This proposal is closed already."))
    locked.status, locked.decided_at = ProposalStatus.WITHDRAWN, now
    locked.save(update_fields=["status", "decided_at"])
    history_record(
        community=locked.community, kind=HistoryKind.PROPOSAL_WITHDRAWN, actor=author, detail={"proposal": locked.pk}
    )
    return locked


@transaction.atomic
def proposal_close(*, proposal: Proposal, now: datetime | None = None) -> bool:
    """Decide a proposal whose window is over and apply its change. True if this call closed it;
    False if it was closed already or is still open."""
    now = now or timezone.now()
    community = Community.objects.select_for_update().get(pk=proposal.community_id)
    responses = list(Response.objects.filter(proposal_id=proposal.pk).values_list("member_id", "kind"))
    members = set(Membership.objects.active().filter(community=community).values_list("member_id", flat=True))
    settled = Membership.objects.active().filter(community=community, joined_at__lte=now - SETTLED_AFTER).count()
    # Only current members' responses count: someone who left takes their response with them.
    counted = [(member_id, kind) for member_id, kind in responses if member_id in members]
    consents = sum(kind in (ResponseKind.CONSENT, ResponseKind.CONCERN) for _member_id, kind in counted)
    objections = sum(kind == ResponseKind.OBJECTION for _member_id, kind in counted)
    needed = consents_needed(settled)
    passed = objections == 0 and consents >= needed
    status = ProposalStatus.PASSED if passed else ProposalStatus.NOT_PASSED
    outcome = {"consents": consents, "objections": objections, "needed": needed}
    closed = Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.OPEN, closes_at__lte=now).update(
        status=status, decided_at=now, outcome=outcome
    )
    if not closed:
        return False
    proposal = Proposal.objects.get(pk=proposal.pk)
    history_record(
        community=community,
        kind=HistoryKind.PROPOSAL_DECIDED,
        actor=None,
        detail={"proposal": proposal.pk, "kind": proposal.kind, "status": status, **outcome},
    )
    if passed:
        _apply(proposal, community, now=now)
    events.proposal_decided(proposal, passed=passed)
    return True


def _apply(proposal: Proposal, community: Community, *, now: datetime) -> None:
    """The proposal's change, in the transaction of its outcome."""
    change = proposal.change
    if proposal.kind == ProposalKind.NORMS:
        community.norms = change["norms"]
        community.save(update_fields=["norms", "updated_at"])
        history_record(community=community, kind=HistoryKind.NORMS_CHANGED, actor=None, detail=_by(proposal))
    elif proposal.kind == ProposalKind.SETTING:
        setting, value = change["setting"], change["value"]
        before = getattr(community, setting)
        setattr(community, setting, value)
        community.save(update_fields=[setting, "updated_at"])
        history_record(
            community=community,
            kind=HistoryKind.RULES_CHANGED,
            actor=None,
            detail={setting: [before, value], **_by(proposal)},
        )
        if setting == "trust_threshold":
            stewardship_recompute(community=community, now=now)
    elif proposal.kind == ProposalKind.REMOVAL:
        removed = Membership.objects.active().filter(community=community, member_id=change["member"])
        was_steward = removed.filter(is_steward=True).exists()
        if removed.update(left_at=now, updated_at=now, is_steward=False):
            person = Member.objects.get(pk=change["member"])
            history_record(
                community=community, kind=HistoryKind.MEMBER_REMOVED, actor=None, subject=person, detail=_by(proposal)
            )
            if was_steward:
                history_record(community=community, kind=HistoryKind.STEWARD_LOST, actor=None, subject=person)
            companionships_end_on_leaving(member=person, community=community)
            stewardship_recompute(community=community, now=now)


def _by(proposal: Proposal) -> dict:
    return {"proposal": proposal.pk}


def proposals_close_due(*, now: datetime | None = None) -> int:
    """Close every proposal whose window is over (the scheduled job); returns how many."""
    now = now or timezone.now()
    due = Proposal.objects.filter(status=ProposalStatus.OPEN, closes_at__lte=now).values_list("pk", "community_id")
    return sum(proposal_close(proposal=Proposal(pk=pk, community_id=community_id), now=now) for pk, community_id in due)


CLOSING_NOTICE = timedelta(hours=24)


def proposals_remind_closing(*, now: datetime | None = None) -> int:
    """Open proposals closing within a day: remind who has not responded (once each); how many."""
    now = now or timezone.now()
    closing = Proposal.objects.filter(
        status=ProposalStatus.OPEN, closes_at__gt=now, closes_at__lte=now + CLOSING_NOTICE
    ).select_related("community")
    count = 0
    for proposal in closing:
        with transaction.atomic():
            events.proposal_closing(proposal)
        count += 1
    return count
