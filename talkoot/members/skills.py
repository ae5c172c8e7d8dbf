"""The curated skill list. Labels are translated; free tags typed by members are not."""

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
