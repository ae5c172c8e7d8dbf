import factory
from django.utils import timezone

from talkoot.communities.models import Community, JoinPolicy, Membership, Visibility
from talkoot.members.tests.factories import MemberFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    slug = factory.Sequence(lambda n: f"neighbourhood-{n}")
    description = "We help each other with errands, visits and company."
    municipality = "Helsinki"
    visibility = Visibility.PUBLIC
    join_policy = JoinPolicy.OPEN
    created_by = factory.SubFactory(MemberFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    member = factory.SubFactory(MemberFactory)
    joined_at = factory.LazyFunction(timezone.now)
