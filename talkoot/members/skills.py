"""The curated skill list. Labels are translated; free tags typed by members are not."""

import hashlib
import re

from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CURATED_SKILLS = {
    "shopping": _("Shopping and errands"),
    "driving": _("Driving"),
    "cooking": _("Cooking"),
    "cleaning": _("Cleaning"),
    "gardening": _("Gardening"),
    "repairs": _("Small repairs"),
    "computers": _("Computers and phones"),
    "company": _("Company and conversation"),
    "walking": _("Walking together"),
    "exercise": _("Exercise and stretching"),
    "reading": _("Reading aloud"),
    "paperwork": _("Forms and paperwork"),
    "music": _("Music"),
    "crafts": _("Crafts"),
    "languages": _("Languages and interpreting"),
    "pets": _("Looking after pets"),
    "first_aid": _("First aid"),
    "transport": _("Carrying and moving"),
}


def label_for(skill) -> str:
    if skill.is_curated and skill.slug in CURATED_SKILLS:
        return str(CURATED_SKILLS[skill.slug])
    return skill.name


# Free tags are short labels, not essays: a few words each, and not a whole CV of them.
MAX_FREE_SKILL_LENGTH = 40
MAX_FREE_SKILLS = 10
# A comma in Latin, Arabic and CJK scripts; a semicolon too, because people type it.
_SEPARATORS = re.compile(r"[,;\u060c\u3001\uff0c]")


class FreeSkillsError(ValueError):
    pass


def parse_free_skills(text: str) -> list[str]:
    """Split "other skills, separated by commas" into clean, distinct names.

    Whitespace is collapsed, empty items dropped and repeats (whatever their letter case)
    removed. Raises FreeSkillsError with a message for a person when an item is too long or
    there are too many.
    """
    names: list[str] = []
    seen: set[str] = set()
    for raw in _SEPARATORS.split(text or ""):
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_FREE_SKILL_LENGTH:
            raise FreeSkillsError(
                gettext("Please keep each skill to at most %(limit)d characters: “%(start)s…” is longer.")
                % {"limit": MAX_FREE_SKILL_LENGTH, "start": name[:20]}
            )
        key = name.casefold()
        if key in seen:
            continue
        seen.add(key)
        names.append(name)
    if len(names) > MAX_FREE_SKILLS:
        raise FreeSkillsError(
            gettext("Please list at most %(limit)d other skills; you listed %(count)d.")
            % {"limit": MAX_FREE_SKILLS, "count": len(names)}
        )
    return names


def free_skill_slug(name: str) -> str:
    """A stable slug for a free tag; names in any script keep their letters."""
    slug = slugify(name, allow_unicode=True)[:50].strip("-")
    if not slug:  # only symbols or emoji: still a tag, keyed by its text
        slug = "tag-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:12]
    return slug
