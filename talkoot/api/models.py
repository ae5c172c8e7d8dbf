"""Personal access tokens: how a member's own script, app or TV reaches the API without a password.

Only a digest of the secret is kept (SHA-256: the secret is 256 random bits, so a slow hash adds
nothing), with a short prefix the member recognises it by. A token reads, or reads and writes, as
its member; it may expire and can be revoked at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 12  # "tko_" and 8 characters of the secret: enough to tell tokens apart


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class AccessTokenQuerySet(models.QuerySet):
    def live(self, *, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)


class AccessToken(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("access"), max_length=16, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="access_token_known_scope"),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="access_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        # Never the secret, nor its digest: this string ends up in logs.
        return f"access token {self.prefix}… of member {self.member_id}"

    @property
    def may_write(self) -> bool:
        return self.scope == Scope.READ_WRITE
