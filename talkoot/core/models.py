from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def max_length_of(model: type[models.Model], field_name: str) -> int:
    """The declared max_length of a text field, so services check the same limit as the column."""
    max_length = getattr(model._meta.get_field(field_name), "max_length", None)
    if not isinstance(max_length, int):
        raise TypeError(f"{model.__name__}.{field_name} declares no max_length")
    return max_length


class ScheduledRun(models.Model):
    """One periodic job enqueued for one period. The unique pair is what lets two schedulers run
    side by side: whoever inserts the row enqueues the job; the other skips it."""

    job_name = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job_name", "period_start"], name="scheduled_run_once")]
        indexes = [models.Index(fields=["period_start"])]

    def __str__(self) -> str:
        return f"{self.job_name} @ {self.period_start:%Y-%m-%d %H:%M}"
