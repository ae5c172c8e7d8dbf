"""Computed insights, kept so that a page shows them without computing anything.

A background job computes each report (nightly, and when a member asks for a fresh one); the page
reads one row. `data` is exactly what `metrics.report` returned.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    QUARTER = "quarter", _("The last 3 months")
    YEAR = "year", _("The last 12 months")
    ALL = "all", _("All time")


class InsightReport(models.Model):
    # Empty: the whole instance.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField(max_length=16, choices=Period.choices)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    # A fresh report was asked for and has not been computed yet (the page says so).
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "period"], condition=Q(community__isnull=False), name="insight_report_once"
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(community__isnull=True), name="insight_report_instance_once"
            ),
            models.CheckConstraint(condition=Q(period__in=Period.values), name="insight_report_period_valid"),
        ]

    def __str__(self) -> str:
        return f"insights {self.community_id or 'instance'} {self.period}"
