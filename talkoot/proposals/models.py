"""Consent proposals: how a community changes its rules without anyone in charge.

A member proposes; members consent, abstain, raise a concern or object; at the close the
proposal passes when no objection stands and enough members consented, and its change (if it
has one) is applied in the same transaction as the outcome's History row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    GENERAL = "general", _("A decision")
    NORMS = "norms", _("A change of how we work here")
    SETTING = "setting", _("A change of a community setting")
    REMOVAL = "removal", _("Removing a member")


# The settings a proposal can change to, as people read them (`setting:value`).
SETTING_LABELS = {
    "join_policy:open": _("Who can join: open to everyone"),
    "join_policy:application": _("Who can join: by application"),
    "visibility:public": _("Who can see the community: anyone"),
    "visibility:private": _("Who can see the community: members only"),
}


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open for responses")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    text = models.TextField(_("proposal"), max_length=5000)
    # The exact change for the kinds that change something:
    # norms {"norms": "..."}; setting {"setting": "join_policy", "value": "open"}; removal {"member": 12}
    change = models.JSONField(default=dict, blank=True)
    window_hours = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField()  # the start of the current window (an amendment restarts it)
    closes_at = models.DateTimeField()
    amended_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)
    # At the close: how many consented (the author included), whether an objection stood, and
    # how many consents were needed.
    outcome = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "closes_at"]), models.Index(fields=["community", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ProposalKind.values), name="proposal_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=ProposalStatus.values), name="proposal_status_valid"),
            models.CheckConstraint(
                condition=models.Q(window_hours__gte=24, window_hours__lte=14 * 24), name="proposal_window_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"

    def setting_change(self) -> str:
        """The change of a setting proposal, as a sentence ("" for the other kinds)."""
        if self.kind != ProposalKind.SETTING:
            return ""
        setting, value = self.change.get("setting"), self.change.get("value")
        if setting == "trust_threshold":
            return gettext("Trust needed to be a steward: %(count)s fellow members") % {"count": value}
        if setting == "application_questions":
            return gettext("New questions to people who apply: %(questions)s") % {"questions": " / ".join(value or [])}
        return str(SETTING_LABELS.get(f"{setting}:{value}", f"{setting}: {value}"))


class ResponseKind(models.TextChoices):
    CONSENT = "consent", _("I consent")
    ABSTAIN = "abstain", _("I abstain")
    CONCERN = "concern", _("I consent, with a concern")
    OBJECTION = "objection", _("I object")


class Response(models.Model):
    """One member's response to a proposal; they may change it until the window closes."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ResponseKind.choices)
    reason = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="response_once_per_member"),
            models.CheckConstraint(condition=models.Q(kind__in=ResponseKind.values), name="response_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["objection", "concern"], reason=""), name="response_reason_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.kind}"
