from datetime import timedelta

import factory
from django.utils import timezone

from talkoot.actions.models import TaskSeries
from talkoot.actions.tests.factories import ActionFactory


class TaskSeriesFactory(factory.django.DjangoModelFactory):
    """A series row only; its occurrences come from `occurrences_generate` or the services."""

    class Meta:
        model = TaskSeries

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Tuesday coffee morning {n}")
    effort_minutes = 60
    slots = 1
    rrule = "FREQ=WEEKLY;BYDAY=TU"
    first_starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    )
    weeks_ahead = 4
