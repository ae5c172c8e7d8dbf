"""Reads for members. Views call these; they never build member querysets themselves."""

import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils.crypto import constant_time_compare

from talkoot.members import tokens
from talkoot.members.availability import PARTS_OF_DAY, WEEKDAYS, slot_bit
from talkoot.members.models import Member, Skill
from talkoot.members.skills import CURATED_SKILLS, label_for


def member_for_profile(*, member_id: int) -> Member:
    """The member with everything the profile pages show, in a fixed number of queries."""
    return Member.objects.prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name"))).get(
        pk=member_id
    )


def members_with_public_profile(queryset: QuerySet[Member] | None = None) -> QuerySet[Member]:
    """Members as other members may see them: name, municipality and skills; never e-mail or phone."""
    queryset = Member.objects.all() if queryset is None else queryset
    return (
        queryset.filter(is_active=True)
        .only("id", "display_name", "municipality", "away_until")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.only("id", "slug", "name", "is_curated")))
    )


def skill_labels(member: Member) -> list[str]:
    """Translated labels of the member's skills, curated first, each group alphabetical."""
    skills = list(member.skills.all())
    curated = sorted((label_for(skill) for skill in skills if skill.is_curated), key=str.casefold)
    free = sorted((skill.name for skill in skills if not skill.is_curated), key=str.casefold)
    return curated + free


def curated_skill_choices() -> list[tuple[str, str]]:
    """(slug, translated label) of the curated skills that exist, in alphabetical order of the label."""
    slugs = Skill.objects.filter(is_curated=True, slug__in=list(CURATED_SKILLS)).values_list("slug", flat=True)
    return sorted(((slug, str(CURATED_SKILLS[slug])) for slug in slugs), key=lambda choice: choice[1].casefold())


def member_curated_skill_slugs(member: Member) -> list[str]:
    return [skill.slug for skill in member.skills.all() if skill.is_curated]


def member_free_skill_names(member: Member) -> list[str]:
    return sorted((skill.name for skill in member.skills.all() if not skill.is_curated), key=str.casefold)


@dataclass(frozen=True)
class AvailabilityDay:
    label: str
    parts: list[str]


def availability_by_day(mask: int) -> list[AvailabilityDay]:
    """The days on which the member is available, each with its parts of the day."""
    days = []
    for day, day_label in WEEKDAYS:
        parts = [str(label) for part, label in PARTS_OF_DAY if mask & slot_bit(f"{day}-{part}")]
        if parts:
            days.append(AvailabilityDay(label=str(day_label), parts=parts))
    return days


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    # Region/City names and UTC; leave out system aliases such as "localtime" or "Factory".
    zones = sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone or zone == "UTC")
    return [(zone, zone.replace("_", " ")) for zone in zones]


@dataclass(frozen=True)
class ConfirmationCheck:
    """What a confirmation link would do, shown before the member presses the button."""

    state: str  # "valid", "expired", "invalid", "confirmed"
    member: Member | None = None


def email_confirmation_check(*, token: str) -> ConfirmationCheck:
    try:
        confirmation = tokens.read_email_confirmation_token(token)
    except tokens.TokenInvalid:
        return ConfirmationCheck(state="invalid")
    member = Member.objects.filter(pk=confirmation.member_id, is_active=True).first()
    if member is None or not constant_time_compare(confirmation.email_digest, tokens.email_digest(member.email)):
        return ConfirmationCheck(state="invalid")
    if member.email_confirmed_at is not None:
        return ConfirmationCheck(state="confirmed", member=member)
    if confirmation.expired:
        return ConfirmationCheck(state="expired", member=member)
    return ConfirmationCheck(state="valid", member=member)


# What lists show of a member beside a record: a member row is wide (preferences, free times,
# the password hash), and a page of records names dozens of people.
MEMBER_NAME_FIELDS = ("id", "display_name", "is_active")


def with_member_names[M: Model](queryset: QuerySet[M], *relations: str) -> QuerySet[M]:
    """`select_related(*relations)` of relations to members, reading of each member only
    `MEMBER_NAME_FIELDS`; the records' own fields are all read. Other relations the queryset
    selects are read whole."""
    own = [field.name for field in queryset.model._meta.concrete_fields]
    names = [f"{relation}__{name}" for relation in relations for name in MEMBER_NAME_FIELDS]
    # A relation through another one (`action__started_by`) names that one in only(): read it whole.
    between = []
    for relation in relations:
        model: Any = queryset.model
        path: list[str] = []
        for step in relation.split("__")[:-1]:
            model = model._meta.get_field(step).related_model
            path.append(step)
            between += ["__".join([*path, field.name]) for field in model._meta.concrete_fields]
    return queryset.select_related(*relations).only(*own, *dict.fromkeys(between), *names)
