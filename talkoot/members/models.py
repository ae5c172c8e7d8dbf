from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talkoot.members.availability import ALL_SLOTS_MASK


class MemberManager(BaseUserManager["Member"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        member = self.model(email=self.normalize_email(email).lower(), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def active(self):
        return self.filter(is_active=True)


class TextSize(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LARGE = "large", _("Large")
    EXTRA_LARGE = "extra_large", _("Extra large")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FINNISH = "fi", "Suomi"


class Skill(models.Model):
    """A skill tag. Curated skills have a translated label; free tags are shown as typed."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)
    is_curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        from talkoot.members.skills import label_for

        return label_for(self)


class Member(AbstractBaseUser, PermissionsMixin):
    """A person on talkoot. Signs in with an e-mail address; shown by display name only."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Helsinki")
    text_size = models.CharField(_("text size"), max_length=16, choices=TextSize.choices, default=TextSize.NORMAL)
    high_contrast = models.BooleanField(_("high contrast"), default=False)
    reduced_motion = models.BooleanField(_("reduce motion"), default=False)

    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    # Coarse on purpose (about 1 km): enough to suggest nearby tasks, not to find a home.
    latitude = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="members")
    # Weekly availability as a bit mask over (weekday, part of day); see availability.py.
    availability = models.PositiveIntegerField(default=0)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Shown to the members this member accompanies, on their kiosk screen; to nobody else.
    phone_to_accompanied = models.BooleanField(_("show my phone to the members I accompany"), default=False)
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    away_until = models.DateField(_("away until"), null=True, blank=True)
    # Unread notifications, kept by talkoot.notifications.services: the header shows it on every
    # page from the row the session loads anyway, with no query of its own.
    unread_notifications = models.PositiveIntegerField(default=0)

    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # Stored lower-cased, so the plain unique index is case-insensitive.
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="member_email_lowercase"),
            models.CheckConstraint(
                condition=models.Q(availability__lte=ALL_SLOTS_MASK), name="member_availability_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or str(_("former member"))

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_away(self) -> bool:
        return self.away_until is not None and self.away_until >= timezone.localdate()
