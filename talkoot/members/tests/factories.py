import factory
from django.utils import timezone

from talkoot.members.models import Member

PASSWORD = "correct horse battery staple"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name", locale="fi_FI")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    municipality = "Helsinki"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])
