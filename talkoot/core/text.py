"""Plain text as services store it: one cleaning and one set of messages for every app."""

from django.utils.translation import gettext as _

from talkoot.core.errors import ApplicationError


def clean_text(
    value: str | None, *, max_length: int, field: str, multiline: bool = True, required: bool = False
) -> str:
    """Plain text as stored: line breaks normalised, ends trimmed, one line collapsed if asked.

    Raises ApplicationError for text that is too long or carries NUL characters (which
    PostgreSQL cannot store). The form checks the same first; this keeps services safe for
    every other caller. Messages do not name the field: they are shown beside it (`field`).
    """
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip() if multiline else " ".join(text.split())
    if "\x00" in text:
        raise ApplicationError(_("Please remove the invisible control characters from this text."), field=field)
    if required and not text:
        raise ApplicationError(_("Please fill in this field."), field=field)
    if len(text) > max_length:
        raise ApplicationError(
            _("Please keep this to at most %(limit)d characters (it has %(count)d).")
            % {"limit": max_length, "count": len(text)},
            field=field,
        )
    return text
