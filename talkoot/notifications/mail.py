"""The e-mails of notifications: one at once, or one digest a day; in the recipient's language,
plain text and HTML, with a one-click unsubscribe (RFC 8058) for each kind."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from talkoot.core.mail import deliver, render_mail
from talkoot.members.models import Member
from talkoot.notifications.models import Notification, NotificationKind
from talkoot.notifications.texts import sentence
from talkoot.notifications.tokens import unsubscribe_token


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def _unsubscribe_url(member: Member, kind: str) -> str:
    return _absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, kind)]))


def _headers(unsubscribe_url: str) -> dict:
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _item(notification: Notification) -> dict:
    return {
        "sentence": sentence(notification),
        "url": _absolute(notification.url or reverse("notifications:list")),
        "community": notification.community.name if notification.community_id and notification.community else "",
    }


def send_one(notification: Notification) -> None:
    """Send one notification's e-mail now (raises if the mail server fails)."""
    member = notification.recipient
    unsubscribe = _unsubscribe_url(member, notification.kind)
    with translation.override(member.language):
        context = {
            "member": member,
            "item": _item(notification),
            "kind": NotificationKind(notification.kind).label,
            "unsubscribe_url": unsubscribe,
            "preferences_url": _absolute(reverse("notifications:preferences")),
        }
    subject, text, html = render_mail(template="notifications/email/one", context=context, language=member.language)
    deliver(
        subject=subject,
        text=text,
        html=html,
        to=[member.email],
        language=member.language,
        headers=_headers(unsubscribe),
    )


def send_digest(member: Member, notifications: list[Notification]) -> None:
    """One e-mail with the day's notifications of the kinds the member gets as a digest."""
    # The one-click link of a digest turns off the digest e-mail of every kind in it.
    kinds = sorted({n.kind for n in notifications})
    unsubscribe = _absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, "digest")]))
    with translation.override(member.language):
        context = {
            "member": member,
            "items": [_item(n) for n in notifications],
            "kinds": kinds,
            "unsubscribe_url": unsubscribe,
            "preferences_url": _absolute(reverse("notifications:preferences")),
        }
    subject, text, html = render_mail(template="notifications/email/digest", context=context, language=member.language)
    deliver(
        subject=subject,
        text=text,
        html=html,
        to=[member.email],
        language=member.language,
        headers=_headers(unsubscribe),
    )
