"""Creating and editing communities."""

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from talkoot.communities.access import rules_change_by_consent
from talkoot.communities.models import Community, JoinPolicy, Membership, Visibility
from talkoot.communities.services.rules import (
    DESCRIPTION_MAX_LENGTH,
    MUNICIPALITY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NORMS_MAX_LENGTH,
    active_membership_exists,
    check_choice,
    clean_questions,
    clean_text,
)
from talkoot.core.errors import ApplicationError
from talkoot.core.models import max_length_of
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member

# Room left in the slug column for a "-NNN" suffix.
_SLUG_BASE_MAX_LENGTH = max_length_of(Community, "slug") - 20
_SLUG_FALLBACK = "community"
_SLUG_ATTEMPTS = 5


def _free_slug(base: str) -> str:
    # The base and its numbered variants only ("kallio", "kallio-2"; not "kallio-seniors").
    # The base holds nothing but [a-z0-9_-], none of which is special in a regular expression.
    taken = set(
        Community.objects.filter(Q(slug=base) | Q(slug__regex=rf"^{base}-[0-9]+$")).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def slug_base(name: str) -> str:
    """An ASCII slug for the name ("Äänekosken seniorit" -> "aanekosken-seniorit").

    URLs use Django's `slug` converter, which accepts ASCII only; a name written entirely in
    another script (Cyrillic, Arabic, emoji) falls back to "community" and a number.
    """
    return slugify(name, allow_unicode=False)[:_SLUG_BASE_MAX_LENGTH].strip("-_") or _SLUG_FALLBACK


@transaction.atomic
def community_create(
    *,
    creator: Member,
    name: str,
    description: str = "",
    norms: str = "",
    municipality: str = "",
    visibility: str = Visibility.PUBLIC,
    join_policy: str = JoinPolicy.OPEN,
    application_questions: Sequence[str] | str = (),
) -> Community:
    """Create a community; its creator becomes its first member."""
    name = clean_text(name, max_length=NAME_MAX_LENGTH, field="name", multiline=False)
    if not name:
        raise ApplicationError(_("Please give the community a name."), field="name")
    description = clean_text(description, max_length=DESCRIPTION_MAX_LENGTH, field="description")
    norms = clean_text(norms, max_length=NORMS_MAX_LENGTH, field="norms")
    municipality = clean_text(
        municipality,
        max_length=MUNICIPALITY_MAX_LENGTH,
        field="municipality",
        multiline=False,
    )
    visibility = check_choice(visibility, Visibility, field="visibility")
    join_policy = check_choice(join_policy, JoinPolicy, field="join_policy")
    questions = clean_questions(application_questions)

    base = slug_base(name)
    for _attempt in range(_SLUG_ATTEMPTS):
        try:
            # A savepoint: if someone took the same slug a moment ago, try the next number.
            with transaction.atomic():
                community = Community.objects.create(
                    name=name,
                    slug=_free_slug(base),
                    description=description,
                    norms=norms,
                    municipality=municipality,
                    visibility=visibility,
                    join_policy=join_policy,
                    application_questions=questions,
                    created_by=creator,
                )
            break
        except IntegrityError:
            continue
    else:
        raise ApplicationError(_("Many communities with this name are being created right now. Please try again."))

    Membership.objects.create(community=community, member=creator, joined_at=timezone.now())
    history_record(community=community, kind=HistoryKind.COMMUNITY_CREATED, actor=creator, detail={"name": name})
    return community


# What changes by consent once a community has more than one member.
RULE_FIELDS = ("norms", "visibility", "join_policy", "application_questions")


@transaction.atomic
def community_update(
    *,
    community: Community,
    editor: Member,
    name: str,
    description: str,
    norms: str,
    municipality: str,
    visibility: str,
    join_policy: str,
    application_questions: Sequence[str] | str,
    seen_updated_at: datetime.datetime | None = None,
) -> Community:
    """Change a community. Any member may change its name, description and municipality; how we
    work here and who may see and join it (`RULE_FIELDS`) change by consent proposal, except while
    the editor is its only member (there is nobody else to consent).

    `seen_updated_at` is when the community was last changed as the editor's form showed it;
    if someone saved in between, nothing is overwritten and the editor is asked to look again.
    The slug never changes, so links people shared keep working.
    """
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not active_membership_exists(member=editor, community=community):
        raise ApplicationError(_("Only members of %(community)s can change it.") % {"community": community.name})
    if seen_updated_at is not None and seen_updated_at != community.updated_at:
        raise ApplicationError(
            _(
                "Someone else changed this community while you were editing it. Your text is still in the "
                "form; if you save again, it replaces their changes."
            )
        )
    name = clean_text(name, max_length=NAME_MAX_LENGTH, field="name", multiline=False)
    if not name:
        raise ApplicationError(_("Please give the community a name."), field="name")
    new_values = {
        "name": name,
        "description": clean_text(description, max_length=DESCRIPTION_MAX_LENGTH, field="description"),
        "norms": clean_text(norms, max_length=NORMS_MAX_LENGTH, field="norms"),
        "municipality": clean_text(
            municipality,
            max_length=MUNICIPALITY_MAX_LENGTH,
            field="municipality",
            multiline=False,
        ),
        "visibility": check_choice(visibility, Visibility, field="visibility"),
        "join_policy": check_choice(join_policy, JoinPolicy, field="join_policy"),
        "application_questions": clean_questions(application_questions),
    }
    rules_changed = {
        field: [getattr(community, field), new_values[field]]
        for field in ("visibility", "join_policy", "application_questions")
        if getattr(community, field) != new_values[field]
    }
    changed = [field for field, value in new_values.items() if getattr(community, field) != value]
    if not changed:
        return community
    rule_changes = [field for field in RULE_FIELDS if field in changed]
    if rule_changes and rules_change_by_consent(community):
        raise ApplicationError(
            _("With other members here, this changes by consent: please make a proposal."), field=rule_changes[0]
        )
    for field in changed:
        setattr(community, field, new_values[field])
    community.save(update_fields=[*changed, "updated_at"])
    if rules_changed:
        history_record(community=community, kind=HistoryKind.RULES_CHANGED, actor=editor, detail=rules_changed)
    return community
