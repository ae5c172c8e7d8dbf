from django import forms
from django.forms.renderers import TemplatesSetting

from talkoot.core.errors import ApplicationError


class TalkootFormRenderer(TemplatesSetting):
    """Every `{{ form }}` renders with an error summary, labels and described-by links."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's ApplicationError on its field, or above the form when it has none."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
