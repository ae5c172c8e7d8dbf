"""Forms parse and explain; the rules live in services.py."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talkoot.conversations import services
from talkoot.conversations.models import MESSAGE_MAX_LENGTH
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import TEXT_ATTRS, PlainTextField
from talkoot.core.once import OnceField


def _message_field(label) -> PlainTextField:
    # No max_length on the field: the service's message says how long the text is; the
    # browser's maxlength stops typing at the same limit.
    return PlainTextField(
        label=label,
        error_messages={"required": _("Please write your message before you send it.")},
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX_LENGTH, **TEXT_ATTRS}),
    )


class _MessageText(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "You can use simple formatting: *slanted*, **bold**, a list with a - at the start of each line, "
            "and web addresses. To mention a member, write @ and their name as it is shown here, for example "
            "@Maija Meikäläinen (or @[Maija Meikäläinen]); they will be told. At most %(limit)d characters."
        ) % {"limit": MESSAGE_MAX_LENGTH}

    def clean_text(self) -> str:
        try:
            return services.clean_message(self.cleaned_data.get("text"))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None


class MessageForm(_MessageText):
    once = OnceField()  # a double click sends one message
    text = _message_field(_("Your message"))


class EditForm(_MessageText):
    text = _message_field(_("Your message"))
