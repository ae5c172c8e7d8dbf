"""Rotating teams: a recurring duty (a shared dinner, cleaning the common rooms) taken in turns by teams.

Members join and leave teams themselves; nobody is assigned. Each occurrence of the duty (a
`RotaDuty`) is given to the team whose turn it is and creates one ordinary task per role on the
rota's action, reserved for that team until 48 hours before (see `Task.reserved_until`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import TimeStampedModel

MAX_TEAMS = 12
MAX_ROLES = 6
MAX_ROLE_SLOTS = 20
MIN_DURATION_MINUTES, MAX_DURATION_MINUTES = 15, 480
MAX_WEEKS_PER_TURN = 4


class Rota(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="rotas")
    # Holds the generated tasks, so that they are claimed, listed and thanked like any other.
    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # RFC 5545 recurrence rule without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR".
    rrule = models.CharField(_("repeats"), max_length=500)
    first_starts_at = models.DateTimeField(_("first time"))
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"))
    weeks_per_turn = models.PositiveSmallIntegerField(_("weeks per turn"), default=1)
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks ahead"), default=12)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    stopped_at = models.DateTimeField(null=True, blank=True)
    # Duties up to this moment exist already; the job continues from here.
    generated_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weeks_ahead__gte=1, weeks_ahead__lte=26), name="rota_weeks_ahead_range"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION_MINUTES, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="rota_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(weeks_per_turn__gte=1, weeks_per_turn__lte=MAX_WEEKS_PER_TURN),
                name="rota_weeks_per_turn_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RotaRole(models.Model):
    """What each duty needs, e.g. "cook", 3 people: one task per duty."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("role"), max_length=100)
    slots = models.PositiveSmallIntegerField(_("places"))
    effort_minutes = models.PositiveIntegerField(_("effort in minutes"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(slots__gte=1, slots__lte=MAX_ROLE_SLOTS), name="rota_role_slots_range"),
            models.CheckConstraint(
                condition=Q(effort_minutes__gte=1, effort_minutes__lte=MAX_DURATION_MINUTES),
                name="rota_role_effort_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RotaTeam(models.Model):
    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)
    # Turn n belongs to the team at position n modulo the number of teams.
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["rota", "position"], name="rota_team_position_once"),
            models.UniqueConstraint(fields=["rota", "name"], name="rota_team_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class RotaTeamMember(models.Model):
    """A member in a team; leaving deletes the row. One team per rota per member."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(RotaTeam, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rota", "member"], name="rota_one_team_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.team_id}"


class RotaDuty(models.Model):
    """One occurrence of the duty and the team on it (exchanged by an accepted swap)."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="duties")
    starts_at = models.DateTimeField()
    # The Monday of its week in the community's time zone: swaps and the rota page go by weeks.
    week = models.DateField()
    team = models.ForeignKey(RotaTeam, on_delete=models.CASCADE, related_name="duties")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["rota", "week"], name="rota_duty_week_idx")]
        constraints = [models.UniqueConstraint(fields=["rota", "starts_at"], name="rota_duty_once")]

    def __str__(self) -> str:
        return f"{self.rota_id} @ {self.starts_at:%Y-%m-%d %H:%M}"


class RotaDutyTask(models.Model):
    """The task a duty created for one role."""

    duty = models.ForeignKey(RotaDuty, on_delete=models.CASCADE, related_name="duty_tasks")
    role = models.ForeignKey(RotaRole, on_delete=models.CASCADE, related_name="+")
    task = models.OneToOneField("actions.Task", on_delete=models.CASCADE, related_name="rota_duty_task")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["duty", "role"], name="rota_duty_role_once")]

    def __str__(self) -> str:
        return f"{self.duty_id}: {self.role_id}"


class SwapStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RotaSwap(models.Model):
    """Team `team` offers its week `week` for team `other_team`'s week `other_week`."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="swaps")
    team = models.ForeignKey(RotaTeam, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    other_team = models.ForeignKey(RotaTeam, on_delete=models.CASCADE, related_name="+")
    other_week = models.DateField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=SwapStatus.choices, default=SwapStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(team=F("other_team")), name="rota_swap_two_teams"),
            models.CheckConstraint(condition=~Q(week=F("other_week")), name="rota_swap_two_weeks"),
            models.CheckConstraint(condition=Q(status__in=SwapStatus.values), name="rota_swap_status_valid"),
            models.UniqueConstraint(
                fields=["rota", "week", "other_week"],
                condition=Q(status="proposed"),
                name="rota_swap_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.week} ↔ {self.other_team_id} {self.other_week}"
