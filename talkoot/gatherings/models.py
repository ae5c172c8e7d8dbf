"""Gatherings: an action of its own kind that happens at a time, once or repeating.

A coffee morning, chair exercise on the TV, a talk. The gathering is an ordinary action (its
stages, tasks, thanks and assessments are the action's); this app adds when and where it meets,
who is coming to each time, and who was there. Hosting work (host, bring coffee, lead the
exercise) is ordinary tasks on the action, so it is co-produced and counted as contributions.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import TimeStampedModel

MIN_DURATION_MINUTES, MAX_DURATION_MINUTES = 15, 12 * 60
MAX_CAPACITY = 1000
MIN_WEEKS_AHEAD, MAX_WEEKS_AHEAD = 1, 26


class Gathering(TimeStampedModel):
    """When and where an action meets. Its times (`Occurrence`) exist `weeks_ahead` weeks ahead."""

    action = models.OneToOneField("actions.Action", on_delete=models.CASCADE, related_name="gathering")
    first_starts_at = models.DateTimeField(_("first time"))
    duration_minutes = models.PositiveIntegerField(_("how long, in minutes"))
    # A video-meeting link for those who join from home (Caring TV); https only.
    video_url = models.URLField(_("video meeting link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)  # None: room for all
    # RFC 5545 recurrence rule without DTSTART ("FREQ=WEEKLY;BYDAY=TU"); empty: it meets once.
    rrule = models.CharField(_("repeats"), max_length=500, blank=True)
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks ahead"), default=8)
    generated_until = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION_MINUTES, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="gathering_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="gathering_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(video_url="") | Q(video_url__startswith="https://"), name="gathering_video_https"
            ),
            models.CheckConstraint(
                condition=Q(weeks_ahead__gte=MIN_WEEKS_AHEAD, weeks_ahead__lte=MAX_WEEKS_AHEAD),
                name="gathering_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.action)


class Occurrence(TimeStampedModel):
    """One time a gathering meets. `coming` counts the answers "coming", kept by conditional
    updates so that a capacity is never exceeded, however many answer at once."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(null=True, blank=True)  # the gathering's, when it was made
    coming = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True)
    attendance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="occurrence_starts_idx")]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "starts_at"], name="occurrence_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="occurrence_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(coming__lte=F("capacity")), name="occurrence_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gathering} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.coming, 0)


class Answer(models.TextChoices):
    COMING = "coming", _("Coming")
    MAYBE = "maybe", _("Maybe")
    NOT_COMING = "not_coming", _("Not coming")


class Attendance(models.Model):
    """A member's answer for one time, and afterwards whether they were there (None: not confirmed)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=16, choices=Answer.choices)
    attended = models.BooleanField(null=True, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "member"], name="attendance_once"),
            models.CheckConstraint(condition=Q(answer__in=Answer.values), name="attendance_answer_valid"),
        ]
        indexes = [models.Index(fields=["member", "occurrence"], name="attendance_member_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.answer} {self.occurrence}"
