"""E-mail to members: rendered in the recipient's language, sent by a background task after commit.

    send_templated_mail(
        to=member.email,
        language=member.language,
        template="members/email/confirm_email",
        context={"member": member, "link": link},
    )

renders `<template>_subject.txt`, `<template>.txt` and, when it exists, `<template>.html`.
The message leaves through `transaction.on_commit`, so nobody gets mail about a change that
rolled back, and through a django.tasks task, so a slow mail server never slows a page down.
"""

from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(*, template: str, context: dict, language: str) -> tuple[str, str, str | None]:
    """(subject, text body, html body or None), rendered in `language`."""
    with translation.override(language):
        # A subject is one line: a header with a line break in it could smuggle in more headers.
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


def send_templated_mail(*, to: str | Sequence[str], template: str, context: dict, language: str | None = None) -> None:
    """Render now (in the recipient's language), send after the current transaction commits."""
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_mail(template=template, context=context, language=language)
    recipients = [to] if isinstance(to, str) else list(to)
    # robust: a queue that cannot take the message must not turn a committed change into an error page.
    transaction.on_commit(
        partial(send_email.enqueue, subject=subject, text=text, html=html, to=recipients, language=language),
        robust=True,
    )


@task
def send_email(*, subject: str, text: str, to: list[str], html: str | None = None, language: str = "") -> int:
    """Send one message through the default mailer. Arguments are plain JSON for any task backend."""
    return deliver(subject=subject, text=text, to=to, html=html, language=language)


def deliver(
    *, subject: str, text: str, to: list[str], html: str | None = None, language: str = "", headers: dict | None = None
) -> int:
    """Send one message now (call from a background task); raises when the mail server fails."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={**({"Content-Language": language} if language else {}), **(headers or {})},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
