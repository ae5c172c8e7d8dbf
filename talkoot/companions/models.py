"""Companions: a member who acts for another member without a device of their own.

Both must agree (one asks, the other agrees) and either may end it. While it stands, the
companion can ask for help, claim tasks, thank and assess for the member; each such act keeps
both names (`by_companion` on the row) and writes a History row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class CompanionshipQuerySet(models.QuerySet):
    def live(self):
        """Asked or agreed, not ended."""
        return self.filter(ended_at__isnull=True)

    def standing(self):
        """Agreed by both and not ended: the companion may act for the member."""
        return self.filter(agreed_at__isnull=False, ended_at__isnull=True)

    def pending(self):
        return self.filter(agreed_at__isnull=True, ended_at__isnull=True)


class Companionship(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    # The member who is accompanied, and the one who acts for them.
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    companion = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CompanionshipQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(member=F("companion")), name="companion_not_oneself"),
            models.CheckConstraint(
                condition=Q(asked_by=F("member")) | Q(asked_by=F("companion")), name="companion_asked_by_one_of_them"
            ),
            models.UniqueConstraint(
                fields=["community", "member", "companion"],
                condition=Q(ended_at__isnull=True),
                name="companion_once_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.companion_id} for {self.member_id}"

    def other_than(self, person_id: int) -> int:
        return self.companion_id if person_id == self.member_id else self.member_id
