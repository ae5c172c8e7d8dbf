from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Short names of the values a RULES_CHANGED entry records, as the history page shows them.
_RULE_VALUE_LABELS = {
    "visibility": {"public": _("public"), "private": _("private")},
    "join_policy": {"open": _("open to everyone"), "application": _("by application")},
}


class HistoryKind(models.TextChoices):
    COMMUNITY_CREATED = "community_created", _("community created")
    MEMBER_JOINED = "member_joined", _("member joined")
    APPLICATION_ACCEPTED = "application_accepted", _("application accepted")
    APPLICATION_DECLINED = "application_declined", _("application declined")
    MEMBER_LEFT = "member_left", _("member left")
    # Who may get in changed: visibility, join policy or the questions to applicants.
    RULES_CHANGED = "rules_changed", _("rules for joining changed")
    ACTION_STAGE_MOVED = "action_stage_moved", _("action moved to another stage")
    CONTRIBUTION_EDITED = "contribution_edited", _("contribution edited")
    CONTRIBUTION_WITHDRAWN = "contribution_withdrawn", _("contribution withdrawn")
    TRUST_GIVEN = "trust_given", _("trust given")
    TRUST_WITHDRAWN = "trust_withdrawn", _("trust withdrawn")
    STEWARD_GAINED = "steward_gained", _("became a steward")
    STEWARD_LOST = "steward_lost", _("stopped being a steward")
    PROPOSAL_OPENED = "proposal_opened", _("proposal made")
    PROPOSAL_AMENDED = "proposal_amended", _("proposal changed")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("proposal withdrawn")
    PROPOSAL_DECIDED = "proposal_decided", _("proposal decided")
    NORMS_CHANGED = "norms_changed", _("how we work here changed")
    MEMBER_REMOVED = "member_removed", _("member removed by consent")
    COMPANION_AGREED = "companion_agreed", _("companion agreed")
    COMPANION_ENDED = "companion_ended", _("companion ended")
    COMPANION_ACTED = "companion_acted", _("act by a companion")
    CONTENT_HIDDEN = "content_hidden", _("content hidden by stewards")
    CONTENT_RESTORED = "content_restored", _("hidden content shown again")


class HistoryEntry(models.Model):
    """One change of power in a community, written in the same transaction as the change.

    Rows are never updated or deleted: this is the community's public record.
    """

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=40, choices=HistoryKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    def rule_changes(self) -> list[str]:
        """What a RULES_CHANGED entry changed, one sentence each, in the active language."""
        changes = []
        for field, template in (
            ("visibility", gettext("Who can see it: %(old)s → %(new)s.")),
            ("join_policy", gettext("Who can join: %(old)s → %(new)s.")),
        ):
            if field in self.detail:
                old, new = self.detail[field]
                labels = _RULE_VALUE_LABELS[field]
                changes.append(template % {"old": labels.get(old, old), "new": labels.get(new, new)})
        if "application_questions" in self.detail:
            changes.append(gettext("The questions to people who apply changed."))
        return changes
