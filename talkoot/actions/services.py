"""Writes for actions, tasks and claims. Each function is one transaction."""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import (
    MAX_EFFORT_MINUTES,
    MAX_SLOTS,
    STAGE_ORDER,
    Action,
    ActionBeneficiary,
    ActionParticipant,
    ActionVisibility,
    Claim,
    ClaimStatus,
    Stage,
    Task,
)
from talkoot.actions.open_work import work_changed
from talkoot.actions.ranking import CATEGORY_SKILLS
from talkoot.communities.models import Community
from talkoot.communities.services.rules import active_membership_exists
from talkoot.companions.access import check_companion
from talkoot.companions.services import companion_act_record
from talkoot.core.compiled import CompiledUpdate
from talkoot.core.errors import ApplicationError
from talkoot.core.models import max_length_of
from talkoot.core.text import clean_text
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member, Skill
from talkoot.notifications import events

# The kinds of help a need can name, and the curated skills that fit each (as 'For you' reads them).
NEED_KINDS = list(CATEGORY_SKILLS)
LATE_WITHDRAWAL_WINDOW = timedelta(hours=24)
MAX_SPLIT_PARTS = 10
ASSESS_PERIOD = timedelta(days=14)


@transaction.atomic
def action_start(
    *,
    starter: Member,
    community: Community,
    title: str,
    problem: str = "",
    visibility: str = ActionVisibility.COMMUNITY,
    place: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    beneficiary_members: list[Member] | None = None,
    beneficiary_names: list[str] | None = None,
    by_companion: Member | None = None,
) -> Action:
    """Any member of the community starts an action; no committee, no approval.

    `by_companion` is kept on the action when a companion started it for `starter` (checked by
    the caller, `action_need_help`)."""
    if not active_membership_exists(member=starter, community=community):
        raise ApplicationError(
            _("Only members of %(community)s can start actions there.") % {"community": community},
            status=403,
            code="not_a_member",
        )
    if visibility not in ActionVisibility.values:
        raise ApplicationError(_("Please choose one of the options."), field="visibility")
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("The end cannot be before the start."), field="ends_on")
    action = Action.objects.create(
        community=community,
        title=clean_text(
            title, multiline=False, max_length=max_length_of(Action, "title"), field="title", required=True
        ),
        problem=clean_text(problem, max_length=max_length_of(Action, "problem"), field="problem"),
        started_by=starter,
        visibility=visibility,
        place=clean_text(place, multiline=False, max_length=max_length_of(Action, "place"), field="place"),
        starts_on=starts_on,
        ends_on=ends_on,
        by_companion=by_companion,
    )
    ActionParticipant.objects.create(action=action, member=starter)
    for beneficiary in beneficiary_members or []:
        if not active_membership_exists(member=beneficiary, community=community):
            raise ApplicationError(_("%(name)s is not a member of this community.") % {"name": beneficiary})
        ActionBeneficiary.objects.get_or_create(action=action, member=beneficiary)
    for name in beneficiary_names or []:
        cleaned = clean_text(
            name, multiline=False, max_length=max_length_of(ActionBeneficiary, "name"), field="beneficiary_name"
        )
        if cleaned:
            ActionBeneficiary.objects.create(action=action, name=cleaned, represented_by=starter)
    work_changed(community.pk)  # the community page counts and lists its actions by stage
    return action


@transaction.atomic
def task_create(
    *,
    creator: Member,
    action: Action,
    title: str,
    effort_minutes: int,
    slots: int = 1,
    description: str = "",
    deadline: datetime | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: str = "",
    skills: list[Skill] | None = None,
) -> Task:
    if not active_membership_exists(member=creator, community=action.community):
        raise ApplicationError(
            _("Only members of %(community)s can add tasks.") % {"community": action.community},
            status=403,
            code="not_a_member",
        )
    if not 1 <= effort_minutes <= MAX_EFFORT_MINUTES:
        raise ApplicationError(
            _("The effort must be between 1 and %(limit)d minutes.") % {"limit": MAX_EFFORT_MINUTES},
            field="effort_minutes",
        )
    if not 1 <= slots <= MAX_SLOTS:
        raise ApplicationError(_("A task needs between 1 and %(limit)d people.") % {"limit": MAX_SLOTS}, field="slots")
    if starts_at and ends_at and ends_at <= starts_at:
        raise ApplicationError(_("The end must be after the start."), field="ends_at")
    if deadline and deadline < timezone.now():
        raise ApplicationError(_("The deadline is already past."), field="deadline")
    if action.stage == Stage.CLOSED:
        raise ApplicationError(_("This action is closed; start a new one for new work."))
    task = Task.objects.create(
        action=action,
        title=clean_text(title, multiline=False, max_length=max_length_of(Task, "title"), field="title", required=True),
        description=clean_text(description, max_length=max_length_of(Task, "description"), field="description"),
        effort_minutes=effort_minutes,
        slots=slots,
        deadline=deadline,
        starts_at=starts_at,
        ends_at=ends_at,
        place=clean_text(place, multiline=False, max_length=max_length_of(Task, "place"), field="place"),
        created_by=creator,
    )
    if skills:
        task.skills.set(skills)
    work_changed(action.community_id)
    return task


@transaction.atomic
def action_need_help(
    *,
    member: Member,
    community: Community,
    what: str,
    details: str = "",
    starts_at: datetime | None = None,
    deadline: datetime | None = None,
    effort_minutes: int = 60,
    for_name: str = "",
    by_companion: Member | None = None,
    kind: str = "",
) -> Action:
    """The shortest path, "I need help": an action in *initiate* with the person as its
    beneficiary and one task prefilled, ready for a volunteer to claim or split.

    `for_name` is a person without an account for whom `member` asks (a neighbour, a parent);
    `by_companion` is the companion who asks for `member` ("by X for Y"); `kind` (a category
    of NEED_KINDS, or "") gives the task the skills that fit it, and neighbours with them are told.
    """
    if kind and kind not in NEED_KINDS:
        raise ApplicationError(_("Please choose one of the options."), field="kind")
    skills = list(Skill.objects.filter(is_curated=True, slug__in=CATEGORY_SKILLS[kind])) if kind else []
    if by_companion is not None:
        check_companion(companion=by_companion, member=member, community=community)
    title = clean_text(what, multiline=False, max_length=max_length_of(Task, "title"), field="what", required=True)
    if starts_at and starts_at < timezone.now():
        raise ApplicationError(_("Please choose a time that is still ahead."), field="when")
    action = action_start(
        starter=member,
        community=community,
        title=title,
        problem=details,
        beneficiary_members=[] if for_name.strip() else [member],
        beneficiary_names=[for_name] if for_name.strip() else [],
        by_companion=by_companion,
    )
    ends_at = starts_at + timedelta(minutes=effort_minutes) if starts_at else None
    task_create(
        creator=member,
        action=action,
        title=title,
        description=details,
        effort_minutes=effort_minutes,
        starts_at=starts_at,
        ends_at=ends_at,
        deadline=deadline,
        skills=skills,
    )
    if by_companion is not None:
        companion_act_record(companion=by_companion, member=member, community=community, act="need", title=title)
    events.need_near_you(action, person=member, skills=skills)
    return action


@transaction.atomic
def task_split(*, member: Member, task: Task, parts: int, seen_effort_minutes: int | None = None) -> list[Task]:
    """Split a task into `parts` equal tasks in one step; nothing is lost.

    The original row becomes the first part, so its claims, links and history stay with it;
    the other parts are copies with their share of the effort. `seen_effort_minutes` is the
    effort the person saw: a double click or a stale page does not split twice.
    """
    locked = Task.objects.select_for_update().select_related("action__community").get(pk=task.pk)
    if not active_membership_exists(member=member, community=locked.action.community):
        raise ApplicationError(
            _("Only members of %(community)s can change tasks.") % {"community": locked.action.community},
            status=403,
            code="not_a_member",
        )
    if seen_effort_minutes is not None and seen_effort_minutes != locked.effort_minutes:
        raise ApplicationError(_("This task was changed a moment ago. Please look at it again."))
    if locked.cancelled_at is not None:
        raise ApplicationError(_("This task was cancelled."))
    if not isinstance(parts, int) or not 2 <= parts <= MAX_SPLIT_PARTS:
        raise ApplicationError(
            _("A task can be split into 2 to %(limit)d parts.") % {"limit": MAX_SPLIT_PARTS}, field="parts"
        )
    if locked.effort_minutes < parts:
        raise ApplicationError(_("Each part needs at least one minute."), field="parts")
    if locked.claims.filter(status=ClaimStatus.DONE).exists():
        raise ApplicationError(_("Work on this task is already done; add a new task instead."))
    share, extra = divmod(locked.effort_minutes, parts)
    efforts = [share + (1 if i < extra else 0) for i in range(parts)]
    base_title = locked.title
    suffix_room = max_length_of(Task, "title") - len(" (10/10)")
    titled = [f"{base_title[:suffix_room]} ({i + 1}/{parts})" for i in range(parts)]
    skills = list(locked.skills.all())
    locked.title, locked.effort_minutes = titled[0], efforts[0]
    locked.save(update_fields=["title", "effort_minutes", "updated_at"])
    created = [
        Task.objects.create(
            action=locked.action,
            title=titled[i],
            description=locked.description,
            effort_minutes=efforts[i],
            slots=locked.slots,
            deadline=locked.deadline,
            starts_at=locked.starts_at,
            ends_at=locked.ends_at,
            place=locked.place,
            created_by=member,
            split_from=locked,
        )
        for i in range(1, parts)
    ]
    for part in created:
        part.skills.set(skills)
    events.task_changed(task=locked, by=member, cancelled=False)  # its length and title changed
    work_changed(locked.action.community_id)
    return [locked, *created]


@transaction.atomic
def task_cancel(*, member: Member, task: Task) -> Task:
    """People taking part cancel a task nobody needs any more; its claims stay on record."""
    if not _takes_part(member, task.action):
        raise ApplicationError(_("Only people taking part in this action can cancel its tasks."))
    cancelled = Task.objects.filter(pk=task.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(), updated_at=timezone.now()
    )
    if not cancelled:
        raise ApplicationError(_("This task was cancelled."))
    events.task_changed(task=task, by=member, cancelled=True)
    work_changed(task.action.community_id)
    task.refresh_from_db()
    return task


def _may_claim(member: Member, task: Task, *, for_viewer: bool) -> bool:
    if task.reserved_for_team_id is not None and task.reserved_until and timezone.now() < task.reserved_until:
        from talkoot.rotas.services import reservation_check  # rotas build on actions, not the other way

        reservation_check(member=member, task=task)  # raises for anyone outside the team
    action = task.action
    if action.visibility == ActionVisibility.PUBLIC:
        return True
    known = getattr(action, "viewer_is_member", None)  # the door asked already, for the viewer
    if for_viewer and known is not None:
        return bool(known)
    return active_membership_exists(member=member, community=action.community)


def _free_slot_of(*, task_id: int, now: datetime):
    """One more place taken on the task, if it is open, shown and has a place free."""
    open_now = Q(cancelled_at__isnull=True) & ~Q(ends_at__lt=now) & ~Q(deadline__lt=now)
    shown = Q(hidden_at__isnull=True) & ~Q(action_id__in=Action.objects.filter(hidden_at__isnull=False).values("pk"))
    return Task.objects.filter(open_now, shown, pk=task_id, taken__lt=F("slots")), {"taken": F("taken") + 1}


_take_slot = CompiledUpdate(_free_slot_of)  # every claim's statement: its SQL is made once


@transaction.atomic
def task_claim(*, member: Member, task: Task, by_companion: Member | None = None) -> Claim:
    """Take one slot of a task (`by_companion`: a companion takes it for `member`).

    The slot is taken by one conditional UPDATE (`taken < slots`), so of two people pressing at
    once only one can get the last slot, on SQLite and on PostgreSQL; the partial unique index
    stops one member from holding two claims on the same task.
    """
    if by_companion is not None:
        check_companion(companion=by_companion, member=member, community=task.action.community)
    if not _may_claim(member, task, for_viewer=by_companion is None):
        raise ApplicationError(
            _("Only members of the community can take on this task."), status=403, code="not_a_member"
        )
    now = timezone.now()
    if not _take_slot(task_id=task.pk, now=now):
        task.refresh_from_db()
        if Claim.objects.filter(task=task, member=member, status=ClaimStatus.ACTIVE).exists():
            raise ApplicationError(_("You have already taken on this task."), code="already_claimed")
        if task.cancelled_at is not None:
            raise ApplicationError(_("This task was cancelled."))
        if task.hidden_at is not None or Action.objects.filter(pk=task.action_id, hidden_at__isnull=False).exists():
            raise ApplicationError(_("This is hidden by the stewards while they decide on a report."))
        if (task.ends_at and task.ends_at < now) or (task.deadline and task.deadline < now):
            raise ApplicationError(_("This task is already past."))
        raise ApplicationError(_("This task was just taken. Thank you for offering!"), code="task_full")
    try:
        # No savepoint of its own: a refusal leaves this function, and its transaction rolls the
        # slot back with everything else.
        claim = Claim.objects.create(task=task, member=member, by_companion=by_companion)
    except IntegrityError:
        raise ApplicationError(_("You have already taken on this task."), code="already_claimed") from None
    # One statement, and a second claim of the same action is not an error.
    joined = ActionParticipant(action_id=task.action_id, member=member)
    ActionParticipant.objects.bulk_create([joined], ignore_conflicts=True)
    events.task_claimed(task=task, claimant=member, withdrew=False)
    if by_companion is not None:
        companion_act_record(
            companion=by_companion, member=member, community=task.action.community, act="claim", title=task.title
        )
    work_changed(task.action.community_id)
    return claim


@transaction.atomic
def claim_withdraw(*, member: Member, claim: Claim, by_companion: Member | None = None) -> Claim:
    """Give a slot back. Late withdrawals are marked gently, never held against anyone.

    `by_companion` gives it back for `member`."""
    locked = Claim.objects.select_for_update().select_related("task__action__community").get(pk=claim.pk)
    if locked.member_id != member.pk:
        raise ApplicationError(_("You can only withdraw your own claims."), status=403, code="not_your_claim")
    if by_companion is not None:
        check_companion(companion=by_companion, member=member, community=locked.task.action.community)
    if locked.status != ClaimStatus.ACTIVE:
        raise ApplicationError(_("This claim is no longer active."))
    now = timezone.now()
    start = locked.task.starts_at or locked.task.deadline
    locked.late = start is not None and start - now < LATE_WITHDRAWAL_WINDOW
    locked.status = ClaimStatus.WITHDRAWN
    locked.finished_at = now
    locked.save(update_fields=["status", "late", "finished_at", "updated_at"])
    Task.objects.filter(pk=locked.task_id, taken__gt=0).update(taken=F("taken") - 1)
    events.task_claimed(task=locked.task, claimant=member, withdrew=True)
    if by_companion is not None:
        companion_act_record(
            companion=by_companion,
            member=member,
            community=locked.task.action.community,
            act="withdraw",
            title=locked.task.title,
        )
    work_changed(locked.task.action.community_id)
    return locked


def _takes_part(member: Member, action: Action) -> bool:
    return ActionParticipant.objects.filter(action=action, member=member).exists()


@transaction.atomic
def action_move_stage(
    *, mover: Member, action: Action, to_stage: str, reason: str = "", from_stage: str | None = None
) -> Action:
    """Move an action one stage forward, or one back with a reason. Anyone taking part may.

    The move is a conditional UPDATE on the stage the mover saw, so two people moving at once
    (or a stale page) cannot skip a stage: the second one is told what happened.
    """
    if not _takes_part(mover, action):
        raise ApplicationError(
            _("Only people taking part in this action can move it."), status=403, code="not_taking_part"
        )
    if from_stage is not None:
        # The stage the mover saw on their page; if it is stale the conditional update refuses.
        if from_stage not in Stage.values:
            raise ApplicationError(_("Please choose one of the options."), field="stage")
        action.stage = from_stage
    current = STAGE_ORDER.index(Stage(action.stage))
    if to_stage not in Stage.values:
        raise ApplicationError(_("Please choose one of the options."), field="stage")
    target = STAGE_ORDER.index(Stage(to_stage))
    reason = " ".join((reason or "").split())[:500]
    if target == current + 1:
        pass
    elif target == current - 1:
        if not reason:
            raise ApplicationError(_("Please say why the action goes back a step."), field="reason")
    else:
        raise ApplicationError(_("An action moves one stage at a time."), field="stage")
    now = timezone.now()
    changes: dict[str, object] = {"stage": to_stage}
    changes["assess_started_at"] = now if to_stage == Stage.ASSESS else None
    changes["closed_at"] = now if to_stage == Stage.CLOSED else None
    moved = Action.objects.filter(pk=action.pk, stage=action.stage).update(**changes, updated_at=now)
    if not moved:
        action.refresh_from_db()
        raise ApplicationError(
            _("Someone else just moved this action to %(stage)s.") % {"stage": Stage(action.stage).label}
        )
    work_changed(action.community_id)
    history_record(
        community=action.community,
        kind=HistoryKind.ACTION_STAGE_MOVED,
        actor=mover,
        detail={"action": action.pk, "from": action.stage, "to": to_stage, "reason": reason},
    )
    action.refresh_from_db()
    if to_stage == Stage.ASSESS:
        events.assessment_requested(action)
    return action


def actions_close_assessed(*, now: datetime | None = None) -> int:
    """Close actions that have been in *assess* for 14 days. Run by a scheduled job."""
    now = now or timezone.now()
    closed = 0
    due = Action.objects.filter(stage=Stage.ASSESS, assess_started_at__lte=now - ASSESS_PERIOD)
    for action in due.select_related("community"):
        with transaction.atomic():
            if Action.objects.filter(pk=action.pk, stage=Stage.ASSESS).update(
                stage=Stage.CLOSED, closed_at=now, updated_at=now
            ):
                work_changed(action.community_id)
                history_record(
                    community=action.community,
                    kind=HistoryKind.ACTION_STAGE_MOVED,
                    actor=None,
                    detail={"action": action.pk, "from": Stage.ASSESS, "to": Stage.CLOSED, "reason": "automatic"},
                )
                closed += 1
    return closed


@transaction.atomic
def claim_mark_done(
    *, member: Member, claim: Claim, actual_minutes: int | None = None, category: str = "other", note: str = ""
):
    """Finish a claim and record the help as a contribution to the action's beneficiaries."""
    from talkoot.contributions.services import contribution_record

    locked = Claim.objects.select_for_update().select_related("task__action__community").get(pk=claim.pk)
    if locked.member_id != member.pk:
        raise ApplicationError(_("You can only mark your own tasks as done."), status=403, code="not_your_claim")
    if locked.status != ClaimStatus.ACTIVE:
        raise ApplicationError(_("This claim is no longer active."))
    task = locked.task
    minutes = actual_minutes if actual_minutes is not None else task.effort_minutes
    locked.status, locked.actual_minutes, locked.finished_at = ClaimStatus.DONE, minutes, timezone.now()
    locked.save(update_fields=["status", "actual_minutes", "finished_at", "updated_at"])
    beneficiaries = list(task.action.beneficiaries.all())
    return contribution_record(
        contributor=member,
        community=task.action.community,
        minutes=minutes,
        category=category,
        beneficiaries=[b.member for b in beneficiaries if b.member is not None and b.member_id != member.pk],
        beneficiary_names=[b.name for b in beneficiaries if b.member_id is None],
        note=note,
        action=task.action,
        task=task,
        claim=locked,
    )


@transaction.atomic
def claim_did_not_happen(*, member: Member, claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update().select_related("task__action").get(pk=claim.pk)
    if locked.member_id != member.pk:
        raise ApplicationError(_("You can only change your own tasks."))
    if locked.status != ClaimStatus.ACTIVE:
        raise ApplicationError(_("This claim is no longer active."))
    locked.status, locked.finished_at = ClaimStatus.DID_NOT_HAPPEN, timezone.now()
    locked.save(update_fields=["status", "finished_at", "updated_at"])
    Task.objects.filter(pk=locked.task_id, taken__gt=0).update(taken=F("taken") - 1)
    work_changed(locked.task.action.community_id)
    return locked
