from datetime import timedelta

import factory
from django.utils import timezone

from talkoot.actions.models import Stage
from talkoot.actions.tests.factories import ActionFactory
from talkoot.gatherings.models import Gathering, Occurrence


class GatheringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gathering

    action = factory.SubFactory(
        ActionFactory, title=factory.Sequence(lambda n: f"Coffee morning {n}"), stage=Stage.DELIVER
    )
    first_starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    duration_minutes = 90


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    gathering = factory.SubFactory(GatheringFactory)
    starts_at = factory.LazyAttribute(lambda o: o.gathering.first_starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=o.gathering.duration_minutes))
    capacity = factory.LazyAttribute(lambda o: o.gathering.capacity)
