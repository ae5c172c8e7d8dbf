"""Template filters for the ledger."""

from django import template
from django.utils.translation import gettext as _

from talkoot.contributions.models import Category

register = template.Library()


def duration_label(minutes: int | None) -> str:
    """Minutes as people say them: "45 min", "2 h", "1 h 30 min"."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


register.filter("duration", duration_label)


_CATEGORY_LABELS = dict(Category.choices)


@register.filter
def category_label(category: str) -> str:
    """What `get_category_display` gives, without rebuilding the choices for every record."""
    return str(_CATEGORY_LABELS.get(category, category))
