import factory

from talkoot.actions.models import Action, Task
from talkoot.communities.tests.factories import CommunityFactory


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Help with the shopping {n}")
    problem = "Aino cannot carry heavy bags since her hip operation."


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Carry the Tuesday shopping {n}")
    effort_minutes = 45
    slots = 1
