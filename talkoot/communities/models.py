from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import TimeStampedModel


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public — anyone can find and read it")
    PRIVATE = "private", _("Private — only members see anything inside")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open — anyone can join")
    APPLICATION = "application", _("By application — members decide")


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, member):
        """Communities whose inside this member may see: public ones and their own."""
        if member is None or not member.is_authenticated:
            return self.filter(visibility=Visibility.PUBLIC)
        # EXISTS, not a join with DISTINCT: the join read every membership of the community
        # and de-duplicated them (3 ms on PostgreSQL for a community of 5,000).
        is_member = models.Exists(Membership.objects.active().filter(community=models.OuterRef("pk"), member=member))
        return self.filter(models.Q(visibility=Visibility.PUBLIC) | models.Q(is_member))

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def of_member(self, member):
        """Communities the member belongs to now (no join on memberships, so counts stay right)."""
        return self.filter(pk__in=Membership.objects.active().filter(member=member).values("community_id"))

    def with_member_count(self):
        """Annotate `member_count`, the active members, in the same query (a correlated subquery)."""
        counts = (
            Membership.objects.active()
            .filter(community=models.OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(member_count=Coalesce(models.Subquery(counts), 0))


# A community may ask for more trust than the default, but not so much that nobody can reach it.
MAX_TRUST_THRESHOLD = 20


class Community(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    norms = models.TextField(_("how we work here"), max_length=5000, blank=True)
    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_policy = models.CharField(
        _("who can join"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    # The community's own questions to applicants: a list of strings.
    application_questions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Goes up with every change to the community's open tasks (actions.open_work.work_changed),
    # so every process knows when its columns of the open work are out of date.
    work_version = models.PositiveBigIntegerField(default=0, editable=False)
    # How many fellow members' trust makes a steward; empty: the default that grows with the
    # community (communities.services.trust.trust_threshold). Changed by consent only.
    trust_threshold = models.PositiveSmallIntegerField(_("trust needed to be a steward"), null=True, blank=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values), name="community_visibility_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(join_policy__in=JoinPolicy.values), name="community_join_policy_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(trust_threshold__isnull=True)
                | models.Q(trust_threshold__gte=1, trust_threshold__lte=MAX_TRUST_THRESHOLD),
                name="community_trust_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def stewards(self):
        return self.active().filter(is_steward=True)


class Membership(TimeStampedModel):
    """A member belongs to a community while `left_at` is empty. Rows are kept after leaving."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # Trusted by enough fellow members (set only by communities.services.trust).
    is_steward = models.BooleanField(default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "member"],
                condition=models.Q(left_at__isnull=True),
                name="membership_one_active_per_member",
            ),
        ]
        indexes = [models.Index(fields=["member", "left_at"])]


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)


class Application(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    # [{"question": "...", "answer": "..."}]: questions are copied so later edits keep the record.
    answers = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(max_length=2000, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "applicant"],
                condition=models.Q(status="pending"),
                name="application_one_pending_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
        ]


class TrustQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(withdrawn_at__isnull=True)


class Trust(models.Model):
    """One member's trust in a fellow member of the same community, with an optional note.

    Withdrawn trust keeps its row (`withdrawn_at`), so the community's record shows when it was
    given and taken back; at most one standing trust per pair.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="trust")
    truster = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_given")
    trusted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_received")
    note = models.CharField(_("note"), max_length=280, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = TrustQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "truster", "trusted"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="trust_once_per_pair",
            ),
            models.CheckConstraint(condition=~models.Q(truster=models.F("trusted")), name="trust_not_oneself"),
        ]
        indexes = [
            models.Index(
                fields=["community", "trusted"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="trust_standing_received_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.truster_id} trusts {self.trusted_id} in {self.community_id}"
