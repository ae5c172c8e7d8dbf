import factory
from django.utils import timezone

from talkoot.communities.tests.factories import CommunityFactory
from talkoot.contributions.models import Category, Contribution, ContributionBeneficiary, Thanks
from talkoot.members.tests.factories import MemberFactory


class ContributionFactory(factory.django.DjangoModelFactory):
    """Help given; to the commons unless beneficiaries are added."""

    class Meta:
        model = Contribution

    contributor = factory.SubFactory(MemberFactory)
    community = factory.SubFactory(CommunityFactory)
    minutes = 30
    category = Category.COMPANY
    happened_at = factory.LazyFunction(timezone.now)
    note = "Visited and had coffee together."


class ContributionBeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionBeneficiary

    contribution = factory.SubFactory(ContributionFactory)
    member = factory.SubFactory(MemberFactory)


class ThanksFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thanks

    contribution = factory.SubFactory(ContributionFactory)
    member = factory.SubFactory(MemberFactory)
    message = "Kiitos!"
