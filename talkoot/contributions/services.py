"""Writes for the ledger, thanks and assessments. Nothing here computes a balance."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import Action, ActionBeneficiary, ActionParticipant, Claim, Stage, Task
from talkoot.communities.models import Community, Membership
from talkoot.communities.services.rules import active_membership_exists
from talkoot.companions.access import check_companion
from talkoot.companions.services import companion_act_record
from talkoot.contributions.models import (
    MAX_CONTRIBUTION_MINUTES,
    Assessment,
    Category,
    Contribution,
    ContributionBeneficiary,
    Thanks,
)
from talkoot.core.errors import ApplicationError
from talkoot.core.models import max_length_of
from talkoot.core.text import clean_text
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events

EDIT_WINDOW = timedelta(days=7)


def _check_minutes(minutes: int) -> int:
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_CONTRIBUTION_MINUTES:
        raise ApplicationError(
            _("Please give the time in minutes, between 1 and %(limit)d.") % {"limit": MAX_CONTRIBUTION_MINUTES},
            field="minutes",
        )
    return minutes


@transaction.atomic
def contribution_record(
    *,
    contributor: Member,
    community: Community,
    minutes: int,
    category: str = Category.OTHER,
    happened_at: datetime | None = None,
    beneficiaries: list[Member] | None = None,
    beneficiary_names: list[str] | None = None,
    note: str = "",
    action: Action | None = None,
    task: Task | None = None,
    claim: Claim | None = None,
) -> Contribution:
    """Record what someone gave: to a person, to several, or (with nobody named) to the commons."""
    # A public action of a public community welcomes help from people who are not members.
    if not active_membership_exists(member=contributor, community=community) and not (
        action is not None and action.visibility == "public" and not community.is_private
    ):
        raise ApplicationError(
            _("Only members of %(community)s can record help there.") % {"community": community},
            status=403,
            code="not_a_member",
        )
    if action is not None and action.community_id != community.pk:
        raise ApplicationError(_("This action belongs to another community."))
    if task is not None and (action is None or task.action_id != action.pk):
        raise ApplicationError(_("This task belongs to another action."))
    if claim is not None and (task is None or claim.task_id != task.pk):
        raise ApplicationError(_("This claim belongs to another task."))
    if category not in Category.values:
        raise ApplicationError(_("Please choose one of the options."), field="category")
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ApplicationError(_("Help can only be recorded once it has happened."), field="happened_at")
    contribution = Contribution.objects.create(
        contributor=contributor,
        community=community,
        action=action,
        task=task,
        claim=claim,
        minutes=_check_minutes(minutes),
        category=category,
        happened_at=happened_at,
        note=clean_text(note, max_length=max_length_of(Contribution, "note"), field="note"),
    )
    for beneficiary in {b.pk: b for b in beneficiaries or []}.values():
        if beneficiary.pk == contributor.pk:
            raise ApplicationError(_("Help you gave yourself is not recorded here."), field="beneficiaries")
        # Former members still count: a claim can be finished after the person it was for left.
        if not Membership.objects.filter(community=community, member=beneficiary).exists():
            raise ApplicationError(
                _("%(name)s is not a member of this community.") % {"name": beneficiary}, field="beneficiaries"
            )
        ContributionBeneficiary.objects.create(contribution=contribution, member=beneficiary)
    name_limit = max_length_of(ContributionBeneficiary, "name")
    for name in beneficiary_names or []:
        cleaned = " ".join(name.split())[:name_limit]
        if cleaned:
            ContributionBeneficiary.objects.create(contribution=contribution, name=cleaned)
    return contribution


def contribution_check_editable(*, contribution: Contribution, editor: Member) -> None:
    """Raise the ApplicationError an edit or a withdrawal would meet now (views ask before showing a form)."""
    if contribution.contributor_id != editor.pk:
        raise ApplicationError(
            _("Only the person who gave the help can change this record."), status=403, code="not_contributor"
        )
    if contribution.withdrawn_at is not None:
        raise ApplicationError(_("This record was withdrawn."), code="withdrawn")
    if timezone.now() - contribution.created_at > EDIT_WINDOW:
        raise ApplicationError(_("Records can be changed for 7 days; this one is older."), code="edit_window_over")


def _editable(contribution: Contribution, editor: Member) -> Contribution:
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    contribution_check_editable(contribution=locked, editor=editor)
    return locked


@transaction.atomic
def contribution_edit(
    *, editor: Member, contribution: Contribution, minutes: int, category: str, note: str
) -> Contribution:
    locked = _editable(contribution, editor)
    if category not in Category.values:
        raise ApplicationError(_("Please choose one of the options."), field="category")
    before = {"minutes": locked.minutes, "category": locked.category, "note": locked.note}
    locked.minutes, locked.category, locked.note = (
        _check_minutes(minutes),
        category,
        clean_text(note, max_length=max_length_of(Contribution, "note"), field="note"),
    )
    locked.save(update_fields=["minutes", "category", "note", "updated_at"])
    after = {"minutes": locked.minutes, "category": locked.category, "note": locked.note}
    history_record(
        community=locked.community,
        kind=HistoryKind.CONTRIBUTION_EDITED,
        actor=editor,
        detail={"contribution": locked.pk, "before": before, "after": after},
    )
    return locked


@transaction.atomic
def contribution_withdraw(*, editor: Member, contribution: Contribution) -> Contribution:
    locked = _editable(contribution, editor)
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at", "updated_at"])
    history_record(
        community=locked.community,
        kind=HistoryKind.CONTRIBUTION_WITHDRAWN,
        actor=editor,
        detail={"contribution": locked.pk},
    )
    return locked


@transaction.atomic
def thanks_give(
    *, member: Member, contribution: Contribution, message: str = "", by_companion: Member | None = None
) -> Thanks:
    """Thanks cost nothing and are unlimited, but one per person per contribution, never to oneself.

    `by_companion` says thanks for `member`, who keeps the one thanks they may give."""
    if by_companion is not None:
        check_companion(companion=by_companion, member=member, community=contribution.community)
    if contribution.contributor_id == member.pk:
        raise ApplicationError(_("You cannot thank yourself — but others can."), status=403, code="own_contribution")
    if contribution.withdrawn_at is not None:
        raise ApplicationError(_("This record was withdrawn."), code="withdrawn")
    if not active_membership_exists(member=member, community=contribution.community):
        raise ApplicationError(_("Only members of the community can say thanks here."), status=403, code="not_a_member")
    message = clean_text(message, max_length=max_length_of(Thanks, "message"), field="message", multiline=False)
    try:
        with transaction.atomic():
            thanks = Thanks.objects.create(
                contribution=contribution, member=member, message=message, by_companion=by_companion
            )
    except IntegrityError:
        if by_companion is not None:
            raise ApplicationError(
                _("%(name)s has already thanked for this.") % {"name": member}, code="already_thanked"
            ) from None
        raise ApplicationError(_("You have already thanked for this."), code="already_thanked") from None
    events.thanks_received(thanks=thanks, contribution=contribution)
    if by_companion is not None:
        companion_act_record(
            companion=by_companion,
            member=member,
            community=contribution.community,
            act="thanks",
            title=contribution.action.title if contribution.action is not None else "",
        )
    return thanks


@transaction.atomic
def assessment_submit(
    *,
    assessor: Member,
    action: Action,
    value_in_use: int,
    difference: str = "",
    change_next_time: str = "",
    on_behalf_of: ActionBeneficiary | None = None,
    by_companion: Member | None = None,
) -> Assessment:
    """One assessment per person per action, editable until the action closes.

    `on_behalf_of` is a person without an account whose answer `assessor` records;
    `by_companion` is a companion who records the answer of `assessor`, a member."""
    if by_companion is not None:
        if on_behalf_of is not None:
            raise ApplicationError(_("A companion records the answer of the member they accompany only."))
        check_companion(companion=by_companion, member=assessor, community=action.community)
    if action.stage != Stage.ASSESS:
        raise ApplicationError(_("This action is not being assessed now."), code="not_assessing")
    is_beneficiary = ActionBeneficiary.objects.filter(action=action, member=assessor).exists()
    takes_part = ActionParticipant.objects.filter(action=action, member=assessor).exists()
    if on_behalf_of is not None:
        if on_behalf_of.action_id != action.pk or on_behalf_of.member_id is not None:
            raise ApplicationError(_("You can record answers only for people without an account in this action."))
        if not takes_part:
            raise ApplicationError(
                _("Only people taking part can record an answer on someone's behalf."),
                status=403,
                code="not_taking_part",
            )
    elif not (is_beneficiary or takes_part):
        raise ApplicationError(
            _("Only the people this action was for, and those taking part, assess it."),
            status=403,
            code="not_taking_part",
        )
    if not isinstance(value_in_use, int) or not 1 <= value_in_use <= 5:
        raise ApplicationError(_("Please choose a value from 1 to 5."), field="value_in_use")
    texts = {
        field: clean_text(text, max_length=max_length_of(Assessment, field), field=field)
        for field, text in (("difference", difference), ("change_next_time", change_next_time))
    }
    # One answer per person: for someone without an account, whoever records it last updates it.
    if on_behalf_of is not None:
        lookup: dict = {"action": action, "on_behalf_of": on_behalf_of}
        defaults = {"assessor": assessor, "value_in_use": value_in_use, **texts}
    else:
        lookup = {"action": action, "assessor": assessor, "on_behalf_of": None}
        defaults = {"value_in_use": value_in_use, "by_companion": by_companion, **texts}
    assessment, _created = Assessment.objects.update_or_create(**lookup, defaults=defaults)
    if by_companion is not None:
        companion_act_record(
            companion=by_companion, member=assessor, community=action.community, act="assessment", title=action.title
        )
    return assessment
