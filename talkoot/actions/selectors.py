"""Reads for actions and tasks, and the one access door to each."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from operator import itemgetter

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from talkoot.actions.cards import TaskFacts
from talkoot.actions.models import (
    STAGE_ORDER,
    Action,
    ActionBeneficiary,
    ActionVisibility,
    Claim,
    ClaimStatus,
    Stage,
    Task,
    TaskStatus,
)
from talkoot.actions.open_work import NEWEST_PER_STAGE, actions_by_stage
from talkoot.actions.ranking import next_open_tasks
from talkoot.communities.access import may_see_inside, viewer_is_member
from talkoot.communities.models import Community, Membership, Visibility
from talkoot.contributions.models import Assessment
from talkoot.core.compiled import CompiledQuery
from talkoot.members.models import Member, Skill
from talkoot.members.selectors import with_member_names
from talkoot.members.skills import label_for


def community_and_action_for(member, slug: str, action_id) -> tuple[Community, Action]:
    """`community_for` and then `action_for` in one query, for the busiest page: the same rules
    (`may_see_inside`, then `action_for`'s) and the same 404 for anything missing or forbidden."""
    actions = with_member_names(
        Action.objects.select_related("community").filter(community__slug=slug), "started_by", "by_companion"
    )
    if _signed_in(member):
        member_here = Exists(Membership.objects.active().filter(community=OuterRef("community_id"), member=member))
        actions = actions.annotate(viewer_is_member=member_here)
    try:
        action = actions.get(pk=int(action_id))
    except (Action.DoesNotExist, ValueError, TypeError, OverflowError):
        # Missing action or missing community: the same answer as community_for's.
        raise Http404("No such community.") from None
    community = action.community
    community.viewer_is_member = bool(getattr(action, "viewer_is_member", False))  # type: ignore[attr-defined]
    if not may_see_inside(community):
        raise Http404("No such community.")
    open_to_all = action.visibility == ActionVisibility.PUBLIC and community.visibility == Visibility.PUBLIC
    if not (community.viewer_is_member or open_to_all):  # type: ignore[attr-defined]
        raise Http404
    action.viewer_is_member = community.viewer_is_member  # type: ignore[attr-defined]
    return community, action


def actions_visible_to(member) -> QuerySet[Action]:
    """Actions whose page this person may read.

    Public actions of public communities are readable by anyone; everything else only by the
    members of the action's community. (A public action inside a private community stays
    private: the community's privacy wins.)
    """
    readable_by_anyone = Q(visibility=ActionVisibility.PUBLIC, community__visibility=Visibility.PUBLIC)
    if member is None or not member.is_authenticated:
        return Action.objects.filter(readable_by_anyone)
    is_member = Exists(Membership.objects.active().filter(community_id=OuterRef("community_id"), member=member))
    return Action.objects.filter(readable_by_anyone | Q(is_member))


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def action_for(member, community, action_id) -> Action:
    """The action, or the same 404 whether it is missing, in another community or not readable.

    `community` comes from `communities.selectors.community_for`, which has checked that the
    person may see inside it. The rule is `actions_visible_to`'s, with the community and the
    membership already known: members read every action, anyone else the public actions of a
    public community. The action carries `viewer_is_member`, so pages need no second query to
    decide which buttons to show.
    """
    try:
        actions = with_member_names(Action.objects.filter(community=community), "started_by", "by_companion")
        action = actions.get(pk=int(action_id))
    except (Action.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    _may_read_or_404(member, community, action)
    return action


def _may_read_or_404(member, community, action: Action) -> None:
    member_of = _signed_in(member) and viewer_is_member(member, community)
    open_to_all = action.visibility == ActionVisibility.PUBLIC and community.visibility == Visibility.PUBLIC
    if not (member_of or open_to_all):
        raise Http404
    action.community = community
    action.viewer_is_member = member_of  # type: ignore[attr-defined]


def task_for(member, community, task_id) -> Task:
    """The task, through the same door as its action (`action_for`'s rule), in one query: its
    action and who started it come along, as a claim tells them."""
    try:
        found = _task_with_action(community_id=community.pk, task_id=int(task_id))
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not found:
        raise Http404
    task = found[0]
    _may_read_or_404(member, community, task.action)
    return task


def _task_with_action_of(*, community_id: int, task_id: int) -> QuerySet[Task]:
    return with_member_names(
        Task.objects.select_related("action").filter(action__community_id=community_id, pk=task_id),
        "action__started_by",
        "action__by_companion",
    )


# The door of every claim, withdrawal and task page: compiled once (talkoot.core.compiled).
_task_with_action = CompiledQuery(_task_with_action_of)


def claim_for(member, community, claim_id) -> Claim:
    """One's own claim, or 404: nobody else's claims can be withdrawn or marked done."""
    if not _signed_in(member):
        raise Http404
    try:
        claim = Claim.objects.select_related("task__action__community").get(
            pk=int(claim_id), member=member, task__action__community=community
        )
    except (Claim.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    return claim


@dataclass(frozen=True, slots=True)
class Participant:
    member_id: int
    display_name: str


@dataclass(frozen=True, slots=True)
class PersonServed:
    """Someone an action is for: a member, or a person without an account (`name`) for whom
    another member speaks (`represented_by`, their name)."""

    pk: int
    member_id: int | None
    display_name: str
    name: str
    represented_by: str


@dataclass
class TaskRow:
    task: Task
    status: str
    my_claim_id: int | None  # the viewer's active claim on it
    skills: list[str] | None = None  # the skills it asks for, as shown
    links: dict[str, str] = field(default_factory=dict)  # by URL name, filled in by the view
    facts: TaskFacts | None = None  # what the row says of time, length and places: by the view


def _current(row: TaskRow) -> bool:
    return row.status in (TaskStatus.OPEN, TaskStatus.FULL) or (
        row.my_claim_id is not None and row.status != TaskStatus.CANCELLED
    )


def _task_order(task: Task) -> tuple:
    return (
        task.cancelled_at is not None,
        task.cancelled_at or _NO_DATE,
        task.starts_at is None,
        task.starts_at or _NO_DATE,
        task.deadline is None,
        task.deadline or _NO_DATE,
        task.pk,
    )


_NO_DATE = datetime.min.replace(tzinfo=UTC)


def _latest_first(row: TaskRow) -> tuple[float, int]:
    moment = row.task.time_passed_at or row.task.created_at
    return (-moment.timestamp(), -row.task.pk)


@dataclass
class ActionPage:
    """Everything the action page shows, read in a fixed number of queries."""

    action: Action
    tasks: list[TaskRow]
    participants: list[Participant]
    beneficiaries: list[PersonServed]
    assessments: list[Assessment]
    is_member: bool
    takes_part: bool
    is_beneficiary: bool
    may_claim: bool  # signed in, not one of the people it is for, and a member (or the action is public)
    my_assessment: Assessment | None
    represented: list[PersonServed] = field(default_factory=list)  # people without an account

    @cached_property
    def current_tasks(self) -> list[TaskRow]:
        """Open and full tasks, soonest first, and any the viewer still has to mark done."""
        return [row for row in self.tasks if _current(row)]

    @cached_property
    def earlier_tasks(self) -> list[TaskRow]:
        """Done, past and cancelled tasks, the most recent first (a weekly visit piles up fast)."""
        earlier = [row for row in self.tasks if not _current(row)]
        return sorted(earlier, key=_latest_first)

    @property
    def open_tasks(self) -> list[TaskRow]:
        return [row for row in self.tasks if row.status == TaskStatus.OPEN]

    @property
    def my_active_claims(self) -> list[TaskRow]:
        return [row for row in self.tasks if row.my_claim_id is not None]

    @property
    def may_assess(self) -> bool:
        return self.action.stage == Stage.ASSESS and (self.takes_part or self.is_beneficiary)


_TEXT = CharField()
_SKILL, _PARTICIPANT, _SERVED = "s", "p", "b"


def _skills_and_people(action: Action) -> tuple[dict[int, list[str]], list[Participant], list[PersonServed]]:
    """The skills each task asks for (by task id, as shown), the people taking part (in the order
    they joined) and the people it is for: one query of plain rows, a UNION of the three (three
    queries cost a round trip each, which on PostgreSQL is most of their time)."""
    skills = Task.skills.through.objects.filter(task__action=action).values_list(
        Value(_SKILL, output_field=_TEXT),
        "task_id",
        "skill_id",
        "skill__slug",
        "skill__name",
        Cast("skill__is_curated", _TEXT),
    )
    participants = action.participants.values_list(
        Value(_PARTICIPANT, output_field=_TEXT),
        "id",
        "member_id",
        "member__display_name",
        Value("", output_field=_TEXT),
        Value("", output_field=_TEXT),
    )
    served = action.beneficiaries.values_list(
        Value(_SERVED, output_field=_TEXT),
        "id",
        "member_id",
        "member__display_name",
        "name",
        "represented_by__display_name",
    )
    by_task: dict[int, list[Skill]] = {}
    taking_part: list[Participant] = []
    for_whom: list[PersonServed] = []
    # Participants join in id order (their rows are made as they join), the others by id too.
    for kind, first, second, text, name, extra in sorted(
        skills.union(participants, served, all=True), key=itemgetter(1)
    ):
        if kind == _SKILL:
            curated = extra in ("1", "true", "True", "t")
            by_task.setdefault(first, []).append(Skill(pk=second, slug=text, name=name, is_curated=curated))
        elif kind == _PARTICIPANT:
            taking_part.append(Participant(second, text or ""))
        else:
            for_whom.append(PersonServed(first, second, text or "", name or "", extra or ""))
    labels = {
        task_id: [label_for(skill) for skill in sorted(listed, key=lambda skill: (skill.name, skill.pk))]
        for task_id, listed in by_task.items()
    }
    return labels, taking_part, for_whom


def action_page(viewer, action: Action) -> ActionPage:
    """The action page's data: 5 queries whatever the number of tasks, claims or people.

    The lists beside the tasks are read as plain rows: building model instances (and the
    queries for them) cost more than the database's work for them.
    """
    now = timezone.now()
    signed_in = _signed_in(viewer)
    tasks = action.tasks.with_done_claims()
    if signed_in:
        mine = Claim.objects.filter(task=OuterRef("pk"), member=viewer, status=ClaimStatus.ACTIVE)
        tasks = tasks.annotate(my_claim_id=Subquery(mine.values("pk")[:1]))
    # Live tasks first, then by time, undated last: sorted here, where both databases agree on
    # where the empty dates go (an action has tens of tasks, not thousands).
    tasks = sorted(tasks.order_by(), key=_task_order)
    skills, participants, beneficiaries = _skills_and_people(action)
    # Assessments are made in *assess* only (and kept when it closes): no query before then.
    assessed = action.stage in (Stage.ASSESS, Stage.CLOSED)
    assessments = (
        list(
            with_member_names(
                action.assessments.select_related("on_behalf_of").order_by("-updated_at"), "assessor", "by_companion"
            )
        )
        if assessed
        else []
    )
    viewer_id = viewer.pk if signed_in else None
    is_member = bool(getattr(action, "viewer_is_member", False))
    is_beneficiary = any(b.member_id == viewer_id for b in beneficiaries if b.member_id)
    return ActionPage(
        action=action,
        tasks=[
            TaskRow(
                task=t,
                status=t.status_at(now),
                my_claim_id=getattr(t, "my_claim_id", None),
                skills=skills.get(t.pk, []),
            )
            for t in tasks
        ],
        participants=participants,
        beneficiaries=beneficiaries,
        assessments=assessments,
        is_member=is_member,
        takes_part=any(p.member_id == viewer_id for p in participants),
        is_beneficiary=is_beneficiary,
        # The people an action is for are not asked to volunteer for it.
        may_claim=signed_in and not is_beneficiary and (is_member or action.visibility == ActionVisibility.PUBLIC),
        my_assessment=next((a for a in assessments if a.assessor_id == viewer_id and a.on_behalf_of_id is None), None),
        represented=[b for b in beneficiaries if b.member_id is None],
    )


def action_beneficiary_for(action: Action, beneficiary_id) -> ActionBeneficiary:
    """A person without an account in this action (for answers recorded on their behalf), or 404."""
    try:
        return action.beneficiaries.get(pk=int(beneficiary_id), member__isnull=True)
    except (ActionBeneficiary.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def assessment_of(action: Action, assessor, on_behalf_of: ActionBeneficiary | None) -> Assessment | None:
    """The answer already given by this person (or recorded for this beneficiary), to edit it."""
    if on_behalf_of is not None:
        return Assessment.objects.filter(action=action, on_behalf_of=on_behalf_of).first()
    return Assessment.objects.filter(action=action, assessor=assessor, on_behalf_of__isnull=True).first()


def community_members_for_choice(community) -> QuerySet:
    """Members to choose as the people an action is for, by name."""
    return (
        Member.objects.filter(Exists(Membership.objects.active().filter(community=community, member=OuterRef("pk"))))
        .order_by("display_name", "id")
        .only("id", "display_name")
    )


# --- The work of a community (its page) ----------------------------------------------------------

COMMUNITY_OPEN_TASKS = 6
COMMUNITY_LATEST_PER_STAGE = NEWEST_PER_STAGE


@dataclass
class ActionLink:
    pk: int
    title: str
    page_url: str = ""  # filled in by the view (`actions.cards.link_actions`)


@dataclass(frozen=True)
class StageGroup:
    stage: str
    label: str
    count: int
    latest: list[ActionLink]  # newest first, at most COMMUNITY_LATEST_PER_STAGE


@dataclass(frozen=True)
class CommunityWork:
    open_tasks: Sequence[Task]  # the next ones the viewer could take on, soonest first
    stages: list[StageGroup]  # initiate, design, deliver, assess, even when empty
    closed_count: int

    @property
    def active_count(self) -> int:
        return sum(group.count for group in self.stages)


def community_work(community, viewer, *, viewer_is_member: bool | None = None, now=None) -> CommunityWork:
    """Open tasks and actions by stage for the community page: a few queries whatever the data.

    Visitors and non-members see public actions only (of a public community; a private one has
    answered 404 before this is called).
    """
    now = now or timezone.now()
    if viewer_is_member is None:
        viewer_is_member = (
            _signed_in(viewer) and Membership.objects.active().filter(community=community, member=viewer).exists()
        )
    open_tasks = next_open_tasks(viewer, community, limit=COMMUNITY_OPEN_TASKS, is_member=viewer_is_member, now=now)
    # The same rule as `actions_visible_to`, with the membership already known: members read
    # every action of their community, anyone else its public ones (a private community has
    # answered 404 to them before this).
    by_stage = actions_by_stage(community, members=viewer_is_member)
    return CommunityWork(
        open_tasks=open_tasks,
        stages=[
            StageGroup(
                stage=stage,
                label=str(stage.label),
                count=by_stage.counts.get(stage, 0),
                latest=[ActionLink(pk, title) for pk, title in by_stage.newest.get(stage, ())],
            )
            for stage in STAGE_ORDER
            if stage != Stage.CLOSED
        ],
        closed_count=by_stage.counts.get(Stage.CLOSED, 0),
    )


HOME_PROMISES_LIMIT = 8


def my_promises(member, *, limit: int = HOME_PROMISES_LIMIT) -> list[Claim]:
    """The tasks a member has taken on and not yet finished, soonest first (one query)."""
    return list(
        Claim.objects.filter(member=member, status=ClaimStatus.ACTIVE, task__cancelled_at__isnull=True)
        .select_related("task__action__community", "by_companion")
        .annotate(due=Coalesce("task__starts_at", "task__deadline"))
        .order_by(F("due").asc(nulls_last=True), "id")[:limit]
    )
