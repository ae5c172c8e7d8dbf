"""The member's own profile and preferences in the JSON API (config/api.py)."""

from datetime import date

from django.db import transaction
from ninja import Field, Router

from talkoot.api.schemas import In, Out
from talkoot.members import services
from talkoot.members.availability import slots_from_mask
from talkoot.members.models import Language, TextSize
from talkoot.members.selectors import member_curated_skill_slugs, member_free_skill_names

router = Router(tags=["me"])


class MeOut(Out):
    """Everything about yourself, private fields included (only you see this)."""

    id: int
    display_name: str
    email: str
    language: str
    time_zone: str
    text_size: str
    high_contrast: bool
    reduced_motion: bool
    municipality: str
    postal_code: str
    phone: str
    phone_to_accompanied: bool = Field(description="your phone is shown to the members you accompany")
    bio: str
    away_until: date | None
    skills: list[str]
    other_skills: list[str]
    availability: list[str] = Field(description="times you are usually free, such as `mon-morning`")
    unread_notifications: int


class PreferencesIn(In):
    language: Language | None = None
    time_zone: str | None = Field(None, max_length=64)
    text_size: TextSize | None = None
    high_contrast: bool | None = None
    reduced_motion: bool | None = None


class ProfileIn(In):
    """Fields left out keep their value."""

    display_name: str | None = Field(None, max_length=200)
    municipality: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=20)
    phone: str | None = Field(None, max_length=100)
    phone_to_accompanied: bool | None = None
    bio: str | None = Field(None, max_length=5000)
    away_until: date | None = None
    skills: list[str] | None = Field(None, max_length=50)
    other_skills: list[str] | None = Field(None, max_length=50)
    availability: list[str] | None = Field(None, max_length=50)


def _sent_or(sent: dict, name: str, current: list[str]) -> list[str]:
    """A list that was sent replaces the current one (an empty list clears it); null keeps it."""
    value = sent.get(name)
    return current if value is None else value


def _me(member) -> MeOut:
    return MeOut(
        id=member.pk,
        display_name=member.display_name,
        email=member.email,
        language=member.language,
        time_zone=member.time_zone,
        text_size=member.text_size,
        high_contrast=member.high_contrast,
        reduced_motion=member.reduced_motion,
        municipality=member.municipality,
        postal_code=member.postal_code,
        phone=member.phone,
        phone_to_accompanied=member.phone_to_accompanied,
        bio=member.bio,
        away_until=member.away_until,
        skills=member_curated_skill_slugs(member),
        other_skills=member_free_skill_names(member),
        availability=slots_from_mask(member.availability),
        unread_notifications=member.unread_notifications,
    )


@router.get("/me", response=MeOut, summary="You: your profile and preferences")
def me(request):
    return _me(request.user)


@router.patch("/me/preferences", response=MeOut, summary="Change your language, time zone or display")
def me_preferences(request, payload: PreferencesIn):
    member = request.user
    services.member_update_preferences(member=member, **payload.model_dump(exclude_none=True))
    return _me(member)


@router.patch("/me/profile", response=MeOut, summary="Change what you tell about yourself")
def me_profile(request, payload: ProfileIn):
    member = request.user
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        services.member_update_profile(
            member=member,
            display_name=sent.get("display_name", member.display_name) or "",
            municipality=sent.get("municipality", member.municipality) or "",
            postal_code=sent.get("postal_code", member.postal_code) or "",
            latitude=member.latitude,
            longitude=member.longitude,
            phone=sent.get("phone", member.phone) or "",
            phone_to_accompanied=bool(sent.get("phone_to_accompanied", member.phone_to_accompanied)),
            bio=sent.get("bio", member.bio) or "",
            away_until=sent.get("away_until", member.away_until),
            skill_slugs=_sent_or(sent, "skills", member_curated_skill_slugs(member)),
            other_skills=_sent_or(sent, "other_skills", member_free_skill_names(member)),
            availability_slots=_sent_or(sent, "availability", slots_from_mask(member.availability)),
        )
    return _me(member)
