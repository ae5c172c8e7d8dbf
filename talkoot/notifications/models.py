"""Notifications: what concerns a member, told in the way they prefer.

A Notification stores its kind and the few plain facts its sentence needs (`detail`), never a
rendered sentence: the list and the e-mails say it in the reader's language at the time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    APPLICATION_DECIDED = "application_decided", _("Your application was decided")
    TRUST_RECEIVED = "trust_received", _("Someone gave you their trust")
    STEWARD_CHANGED = "steward_changed", _("You became or stopped being a steward")
    TASK_CLAIMED = "task_claimed", _("Someone took on or gave back a task in your action")
    REMINDER = "reminder", _("Reminder before a task you took on")
    TASK_CHANGED = "task_changed", _("A task you took on changed or was cancelled")
    THANKS_RECEIVED = "thanks_received", _("Thanks for your help")
    MENTIONED = "mentioned", _("Someone mentioned you")
    PROPOSAL_OPENED = "proposal_opened", _("A new proposal")
    PROPOSAL_CLOSING = "proposal_closing", _("A proposal closes within a day")
    PROPOSAL_DECIDED = "proposal_decided", _("A proposal was decided")
    PROPOSAL_AMENDED = "proposal_amended", _("A proposal you responded to changed")
    ASSESSMENT_REQUESTED = "assessment_requested", _("Please tell how useful an action was")
    NEED_NEAR_YOU = "need_near_you", _("Someone near you needs help")
    COMPANION = "companion", _("Companions: asked, agreed or ended")
    REPORT_DECIDED = "report_decided", _("What became of your report")
    ROTA_DUTY = "rota_duty", _("Your team is on duty soon")
    ROTA_SWAP = "rota_swap", _("A team asks to swap a week with yours, or answers")
    GATHERING_CANCELLED = "gathering_cancelled", _("A gathering you said you would come to was cancelled")
    GATHERING_REMINDER = "gathering_reminder", _("Reminder the day before a gathering you are coming to")


class Delivery(models.TextChoices):
    APP = "app", _("Only here in talkoot")
    EMAIL = "email", _("By e-mail at once")
    DIGEST = "digest", _("In one e-mail a day")
    OFF = "off", _("Not at all")


# Few e-mails: only what must not be missed goes out at once (a visit promised, a decision on
# one's application); the rest waits in talkoot or in one daily e-mail.
DEFAULT_DELIVERY: dict[str, str] = {
    NotificationKind.APPLICATION_DECIDED: Delivery.EMAIL,
    NotificationKind.REMINDER: Delivery.EMAIL,
    NotificationKind.TASK_CHANGED: Delivery.EMAIL,
    # Someone may be on their way: told at once, as a changed task is.
    NotificationKind.GATHERING_CANCELLED: Delivery.EMAIL,
    NotificationKind.GATHERING_REMINDER: Delivery.EMAIL,
    NotificationKind.PROPOSAL_CLOSING: Delivery.DIGEST,
    NotificationKind.PROPOSAL_OPENED: Delivery.DIGEST,
    NotificationKind.NEED_NEAR_YOU: Delivery.DIGEST,
    NotificationKind.ASSESSMENT_REQUESTED: Delivery.DIGEST,
    # A week's notice: the daily e-mail is soon enough, and a swap can wait a day for its answer.
    NotificationKind.ROTA_DUTY: Delivery.DIGEST,
    NotificationKind.ROTA_SWAP: Delivery.DIGEST,
}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY.get(kind, Delivery.APP)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)  # a path inside the site
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.APP)
    # Scheduled notices are made exactly once: e.g. "reminder-24h-<claim id>".
    once_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # at once or in a digest
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "created_at", "id"], name="notification_recipient_idx"),
            models.Index(
                fields=["delivery", "created_at"], condition=Q(emailed_at__isnull=True), name="notification_unsent_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="notification_delivery_valid"),
            models.UniqueConstraint(
                fields=["recipient", "once_key"], condition=~Q(once_key=""), name="notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Preference(models.Model):
    """How one member wants one kind of notification; without a row, `DEFAULT_DELIVERY` holds."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="preference_delivery_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.kind} → {self.delivery}"
