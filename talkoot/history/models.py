from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryKind(models.TextChoices):
    COMMUNITY_CREATED = "community_created", _("community created")
    MEMBER_JOINED = "member_joined", _("member joined")
    APPLICATION_ACCEPTED = "application_accepted", _("application accepted")
    APPLICATION_DECLINED = "application_declined", _("application declined")
    MEMBER_LEFT = "member_left", _("member left")


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
