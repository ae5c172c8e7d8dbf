import factory

from talkoot.actions.models import Action, Claim, Task
from talkoot.communities.tests.factories import CommunityFactory
from talkoot.members.tests.factories import MemberFactory


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


class ClaimFactory(factory.django.DjangoModelFactory):
    """Keep `Task.taken` in step yourself (e.g. `TaskFactory(taken=1)`), as the services do."""

    class Meta:
        model = Claim

    task = factory.SubFactory(TaskFactory, taken=1)
    member = factory.SubFactory(MemberFactory)
