"""Kiosk screens: a TV or tablet that shows one member's day (or a common room's) in large type.

A screen is paired, not logged in: it shows a short code, a member (or their companion, or a
steward for a common room) types the code on their own device, and the screen's own secret, which
it has held in a cookie since it asked for the code, becomes its token. Only the secret's hash is
stored. Revoking the screen ends it at once; the token opens nothing but the kiosk's own pages.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SECRET_HASH_LENGTH = 64  # sha256, hex


class ScreenKind(models.TextChoices):
    PERSONAL = "personal", _("A member's own screen")
    COMMON_ROOM = "common_room", _("A common room's screen")


class KioskPairing(models.Model):
    """A screen waiting for someone to type its code (ten minutes at most)."""

    code = models.CharField(max_length=8)
    secret_hash = models.CharField(max_length=SECRET_HASH_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    paired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two waiting screens never share a code; a used or old code may come back later.
            models.UniqueConstraint(
                fields=["code"], condition=Q(paired_at__isnull=True), name="kiosk_code_waiting_once"
            )
        ]
        indexes = [models.Index(fields=["expires_at"], name="kiosk_pairing_expires_idx")]

    def __str__(self) -> str:
        return f"pairing {self.pk}"


class KioskScreen(models.Model):
    """A paired screen. `member` is whose day it shows; None for a common room's screen."""

    kind = models.CharField(max_length=16, choices=ScreenKind.choices)
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="kiosk_screens"
    )
    name = models.CharField(_("name of the screen"), max_length=80)
    token_hash = models.CharField(max_length=SECRET_HASH_LENGTH, unique=True)
    paired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ScreenKind.values), name="kiosk_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=ScreenKind.PERSONAL) & Q(member__isnull=False))
                | (Q(kind=ScreenKind.COMMON_ROOM) & Q(member__isnull=True)),
                name="kiosk_member_iff_personal",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_common_room(self) -> bool:
        return self.kind == ScreenKind.COMMON_ROOM
