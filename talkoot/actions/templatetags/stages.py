from django import template

from talkoot.actions.models import Stage

register = template.Library()


@register.filter
def stage_label(value: str) -> str:
    """The translated name of a stage stored by its value (in History details)."""
    return str(Stage(value).label) if value in Stage.values else value
