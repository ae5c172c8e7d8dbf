"""Reports: any member tells the stewards that an action, a task, a message or a member needs looking at.

Stewards may hide the reported action or task at once, while they decide; then they dismiss
the report (what was hidden is shown again), keep it hidden, or start a proposal to remove a
member. The reporter sees what became of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 1000


class ReportTarget(models.TextChoices):
    ACTION = "action", _("an action")
    TASK = "task", _("a task")
    MEMBER = "member", _("a member")
    MESSAGE = "message", _("a message")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the stewards")
    DISMISSED = "dismissed", _("Dismissed: nothing needed doing")
    KEPT_HIDDEN = "kept_hidden", _("Kept hidden by the stewards")
    REMOVAL_PROPOSED = "removal_proposed", _("A proposal to remove the member was made")


class Report(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=16, choices=ReportTarget.choices)
    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    task = models.ForeignKey("actions.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "conversations.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=REASON_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a steward hid the content at once, pending the decision.
    hidden_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(target__in=ReportTarget.values), name="report_target_valid"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            # Exactly the one reference its target names.
            models.CheckConstraint(
                condition=(
                    Q(
                        target="action",
                        action__isnull=False,
                        task__isnull=True,
                        member__isnull=True,
                        message__isnull=True,
                    )
                    | Q(
                        target="task",
                        action__isnull=True,
                        task__isnull=False,
                        member__isnull=True,
                        message__isnull=True,
                    )
                    | Q(
                        target="member",
                        action__isnull=True,
                        task__isnull=True,
                        member__isnull=False,
                        message__isnull=True,
                    )
                    | Q(
                        target="message",
                        action__isnull=True,
                        task__isnull=True,
                        member__isnull=True,
                        message__isnull=False,
                    )
                ),
                name="report_names_its_target",
            ),
            # A double click, or the same worry sent twice, makes one open report.
            *(
                models.UniqueConstraint(
                    fields=["reporter", target],
                    condition=Q(status="open", **{f"{target}__isnull": False}),
                    name=f"report_open_once_per_{target}",
                )
                for target in ReportTarget.values
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} report {self.pk}"

    @property
    def content(self):
        """The action, task or message reported (None for a member)."""
        return {
            ReportTarget.ACTION: self.action,
            ReportTarget.TASK: self.task,
            ReportTarget.MESSAGE: self.message,
        }.get(ReportTarget(self.target))

    @property
    def hideable(self) -> bool:
        return self.target != ReportTarget.MEMBER
