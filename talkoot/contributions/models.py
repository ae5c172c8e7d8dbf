"""The contribution ledger, thanks and assessments (value in use).

There are no balances here on purpose: a contribution is a gift recorded, never a credit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import TimeStampedModel

MAX_CONTRIBUTION_MINUTES = 24 * 60


class Category(models.TextChoices):
    CARE = "care", _("Care")
    COMPANY = "company", _("Company")
    TRANSPORT = "transport", _("Transport")
    MEALS = "meals", _("Meals")
    HOUSEHOLD = "household", _("Household")
    GARDEN = "garden", _("Garden")
    TECH_HELP = "tech_help", _("Tech help")
    ORGANISING = "organising", _("Organising")
    IDEAS = "ideas", _("Ideas and design")
    OTHER = "other", _("Other")


class Contribution(TimeStampedModel):
    contributor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="contributions")
    action = models.ForeignKey(
        "actions.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    task = models.ForeignKey(
        "actions.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    claim = models.OneToOneField(
        "actions.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="contribution"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    category = models.CharField(_("kind of help"), max_length=16, choices=Category.choices, default=Category.OTHER)
    happened_at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), max_length=1000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        # Each list walks one of these backwards in its exact order (ties on the time broken by
        # the id), so the newest few are found without sorting every record of the same moment.
        indexes = [
            models.Index(fields=["community", "happened_at", "id"], name="contribution_community_idx"),
            models.Index(fields=["contributor", "happened_at", "id"], name="contribution_contributor_idx"),
            models.Index(fields=["action", "happened_at", "id"], name="contribution_action_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_CONTRIBUTION_MINUTES), name="contribution_minutes_range"
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="contribution_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.contributor}: {self.minutes} min"

    @property
    def to_the_commons(self) -> bool:
        return not self.beneficiaries.exists()


class ContributionBeneficiary(models.Model):
    """Someone a contribution was for. None at all means it was a gift to the commons."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="beneficiaries")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="received_contributions"
    )
    name = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(name=""), name="contribution_beneficiary_has_someone"
            ),
            models.UniqueConstraint(
                fields=["contribution", "member"],
                condition=Q(member__isnull=False),
                name="contribution_beneficiary_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else self.name


class Thanks(models.Model):
    """Recognition is free and unlimited, but one thanks per person per contribution."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="thanks")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given")
    message = models.CharField(_("message"), max_length=280, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a companion did this for the member (see talkoot.companions): "by X for Y".
    by_companion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = _("thanks")
        constraints = [models.UniqueConstraint(fields=["contribution", "member"], name="thanks_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member} thanked {self.contribution_id}"


class Assessment(TimeStampedModel):
    """Value in use of an action, by a beneficiary or participant (or recorded on a beneficiary's behalf)."""

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    # Set when the assessor records the answer of a beneficiary without an account.
    on_behalf_of = models.ForeignKey(
        "actions.ActionBeneficiary", on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    value_in_use = models.PositiveSmallIntegerField(_("value in use"))
    difference = models.TextField(_("what difference did this make?"), max_length=2000, blank=True)
    change_next_time = models.TextField(_("what should change next time?"), max_length=2000, blank=True)
    # Set when a companion did this for the member (see talkoot.companions): "by X for Y".
    by_companion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(value_in_use__gte=1, value_in_use__lte=5), name="assessment_value_in_range"
            ),
            models.UniqueConstraint(
                fields=["action", "assessor"], condition=Q(on_behalf_of__isnull=True), name="assessment_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["action", "on_behalf_of"],
                condition=Q(on_behalf_of__isnull=False),
                name="assessment_once_per_represented_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.value_in_use}/5"
