from django.db import transaction

from talkoot.members.models import Member


@transaction.atomic
def member_update_preferences(*, member: Member, **preferences) -> Member:
    allowed = {"language", "text_size", "high_contrast", "reduced_motion", "time_zone"}
    unknown = set(preferences) - allowed
    if unknown:
        raise TypeError(f"Unknown preferences: {sorted(unknown)}")
    for name, value in preferences.items():
        setattr(member, name, value)
    member.save(
        update_fields=[
            *preferences,
        ]
    )
    return member
