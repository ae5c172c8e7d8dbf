"""Calendar feeds: the secret address a calendar program fetches a member's or a community's tasks from.

The token is the whole key: calendar programs fetch without cookies, so whoever has the address
reads the feed. Each owner has one live token; making a new address overwrites it on the same
row, so the old address stops working at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

TOKEN_MAX_LENGTH = 64


class CalendarToken(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=TOKEN_MAX_LENGTH, unique=True)
    # When this token value was made (a new address resets it).
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, community__isnull=True)
                | Q(member__isnull=True, community__isnull=False),
                name="calendar_token_one_owner",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(member__isnull=False), name="calendar_token_one_per_member"
            ),
            models.UniqueConstraint(
                fields=["community"], condition=Q(community__isnull=False), name="calendar_token_one_per_community"
            ),
        ]

    def __str__(self) -> str:
        # Never the token itself: this string ends up in logs and the admin.
        return (
            f"calendar of member {self.member_id}" if self.member_id else f"calendar of community {self.community_id}"
        )
