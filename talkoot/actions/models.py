"""Actions (a concrete problem to solve), their tasks (the modules) and claims on tasks."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import TimeStampedModel

MAX_EFFORT_MINUTES = 480
SPLIT_SUGGESTED_ABOVE_MINUTES = 120
MAX_SLOTS = 100


class Stage(models.TextChoices):
    INITIATE = "initiate", _("Initiate")
    DESIGN = "design", _("Design")
    DELIVER = "deliver", _("Deliver")
    ASSESS = "assess", _("Assess")
    CLOSED = "closed", _("Closed")


STAGE_ORDER = [Stage.INITIATE, Stage.DESIGN, Stage.DELIVER, Stage.ASSESS, Stage.CLOSED]


class ActionVisibility(models.TextChoices):
    COMMUNITY = "community", _("Members of the community")
    PUBLIC = "public", _("Anyone")


class Action(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem it solves"), max_length=5000, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.INITIATE)
    visibility = models.CharField(max_length=16, choices=ActionVisibility.choices, default=ActionVisibility.COMMUNITY)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # When the action entered *assess*; it closes itself 14 days later.
    assess_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set when a companion did this for the member (see talkoot.companions): "by X for Y".
    by_companion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Hidden by stewards after a report, while they decide (see talkoot.reports).
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # Stage counts and the newest actions of each stage on the community page.
        indexes = [models.Index(fields=["community", "stage", "created_at"], name="action_community_stage_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="action_stage_valid"),
            models.CheckConstraint(condition=Q(visibility__in=ActionVisibility.values), name="action_visibility_valid"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="action_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionBeneficiary(models.Model):
    """Who an action is for: a member, or a person without an account named by the member acting for them."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="beneficiaries")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    represented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=False) | ~Q(name=""), name="beneficiary_has_someone"),
            models.UniqueConstraint(
                fields=["action", "member"], condition=Q(member__isnull=False), name="beneficiary_member_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else self.name


class ActionParticipant(models.Model):
    """A member taking part in an action: may move its stage and assess it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "member"], name="participant_once")]

    def __str__(self) -> str:
        return f"{self.member} in {self.action}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULL = "full", _("Full")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    PAST = "past", _("Past")


class TaskQuerySet(models.QuerySet):
    def with_done_claims(self):
        """Annotate `done_claims`, which `Task.status_at` needs (one query for a whole list).

        A correlated count rather than a join and GROUP BY: a page of 20 from a long list then counts
        for its 20 rows only, not for every row the filter matched before the LIMIT."""
        done = (
            Claim.objects.filter(task=models.OuterRef("pk"), status="done")
            .order_by()
            .values("task")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(done_claims=Coalesce(models.Subquery(done), 0))


class Task(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    effort_minutes = models.PositiveIntegerField(_("effort in minutes"))
    slots = models.PositiveIntegerField(_("people needed"), default=1)
    # Active claims, kept in step by task_claim/claim_withdraw with conditional updates so two
    # people can never take the last slot; the check constraint is the last line of defence.
    taken = models.PositiveIntegerField(default=0)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    skills = models.ManyToManyField("members.Skill", blank=True, related_name="tasks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # An occurrence of a recurring task; its starts_at is the occurrence's time.
    series = models.ForeignKey(
        "TaskSeries", on_delete=models.SET_NULL, null=True, blank=True, related_name="occurrences"
    )
    # The parts of a task split in N keep a link to the first part (the original row).
    split_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts")
    # Hidden by stewards after a report, while they decide (see talkoot.reports).
    hidden_at = models.DateTimeField(null=True, blank=True)
    # A rota's task (see talkoot.rotas): until `reserved_until` only that team may take it on.
    reserved_for_team = models.ForeignKey(
        "rotas.RotaTeam", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reserved_until = models.DateTimeField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "deadline", "id"]
        indexes = [models.Index(fields=["action", "cancelled_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "starts_at"], condition=Q(series__isnull=False), name="task_occurrence_once"
            ),
            models.CheckConstraint(
                condition=Q(effort_minutes__gte=1, effort_minutes__lte=MAX_EFFORT_MINUTES), name="task_effort_range"
            ),
            models.CheckConstraint(condition=Q(slots__gte=1, slots__lte=MAX_SLOTS), name="task_slots_range"),
            models.CheckConstraint(condition=Q(taken__lte=F("slots")), name="task_claims_within_slots"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="task_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def could_be_split(self) -> bool:
        return self.effort_minutes > SPLIT_SUGGESTED_ABOVE_MINUTES

    @property
    def free_slots(self) -> int:
        return max(0, self.slots - self.taken)

    @property
    def time_passed_at(self):
        """When the chance to do this task has gone: its end, its deadline, or its start."""
        return self.ends_at or self.deadline or self.starts_at

    def status_at(self, now) -> str:
        """Derived from claims and dates, never stored. Needs `done_claims` (see `with_done_claims`)."""
        done = getattr(self, "done_claims", None)
        if done is None:
            done = self.claims.filter(status="done").count()
        passed = self.time_passed_at is not None and self.time_passed_at < now
        if self.cancelled_at is not None:
            return TaskStatus.CANCELLED
        if done >= self.slots or (passed and done > 0 and done == self.taken):
            return TaskStatus.DONE
        if passed:
            return TaskStatus.PAST
        if self.taken >= self.slots:
            return TaskStatus.FULL
        return TaskStatus.OPEN


class TaskSeries(TimeStampedModel):
    """A recurring task ("every Tuesday 10:00, 60 minutes, 1 slot").

    Occurrences are ordinary tasks, created `weeks_ahead` weeks in advance by a scheduled job.
    Editing the series changes the future occurrences nobody has claimed; stopping it keeps the past.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="task_series")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    effort_minutes = models.PositiveIntegerField(_("effort in minutes"))
    slots = models.PositiveIntegerField(_("people needed"), default=1)
    place = models.CharField(_("place"), max_length=200, blank=True)
    skills = models.ManyToManyField("members.Skill", blank=True, related_name="+")
    # RFC 5545 recurrence rule without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TU".
    rrule = models.CharField(_("repeats"), max_length=500)
    first_starts_at = models.DateTimeField(_("first time"))
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks ahead"), default=4)
    # Occurrences up to this moment exist already; the job continues from here.
    generated_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(effort_minutes__gte=1, effort_minutes__lte=MAX_EFFORT_MINUTES), name="series_effort_range"
            ),
            models.CheckConstraint(condition=Q(slots__gte=1, slots__lte=MAX_SLOTS), name="series_slots_range"),
            models.CheckConstraint(condition=Q(weeks_ahead__gte=1, weeks_ahead__lte=26), name="series_weeks_range"),
        ]

    def __str__(self) -> str:
        return self.title


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", _("Claimed")
    DONE = "done", _("Done")
    DID_NOT_HAPPEN = "did_not_happen", _("Did not happen")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Claim(TimeStampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE)
    # Withdrawn within 24 hours of the start: shown gently to the member, never held against them.
    late = models.BooleanField(default=False)
    actual_minutes = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set when a companion did this for the member (see talkoot.companions): "by X for Y".
    by_companion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "member"],
                condition=Q(status__in=["active", "done"]),
                name="claim_one_active_per_member",
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
        ]
        # A member's live claims (the tasks 'For you' leaves out), read from the index alone.
        indexes = [
            models.Index(
                fields=["member", "task"], condition=Q(status__in=["active", "done"]), name="claim_member_live_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.task}"
