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


# Text inputs follow the writing direction of whatever is typed (Arabic, Hebrew, ...).
TEXT_ATTRS = {"dir": "auto"}


class PlainTextField(forms.CharField):
    """Plain text from a textarea. Browsers send each line break as CR LF but count it as one
    character against `maxlength`; normalising first keeps the two limits the same."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


def textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **TEXT_ATTRS})


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the browser's own picker, read in the person's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class LocalDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
