from django.forms.renderers import TemplatesSetting


class TalkootFormRenderer(TemplatesSetting):
    """Every `{{ form }}` renders with an error summary, labels and described-by links."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
