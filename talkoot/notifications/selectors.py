"""Reads for notifications."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from talkoot.notifications.models import Notification, NotificationKind, Preference, default_delivery
from talkoot.notifications.texts import sentence

PER_PAGE = 20


@dataclass(frozen=True)
class Line:
    notification: Notification
    sentence: str


def notifications_of(member) -> QuerySet[Notification]:
    """The member's notifications, newest first, with what a line of them shows (no query per row)."""
    return (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "community")
        .only(
            "id",
            "kind",
            "detail",
            "url",
            "created_at",
            "read_at",
            "actor__display_name",
            "community__name",
            "community__slug",
            "recipient_id",
        )
        .order_by("-created_at", "-id")
    )


def notifications_page(member, *, page: int | str = 1) -> tuple[Page, list[Line]]:
    """A page of the member's notifications, newest first: two queries whatever their number."""
    shown = Paginator(notifications_of(member), PER_PAGE).get_page(page)
    return shown, [Line(n, sentence(n)) for n in shown]


def notification_for(member, notification_id) -> Notification:
    """The member's own notification, or 404 (the same for someone else's)."""
    try:
        return Notification.objects.get(pk=int(notification_id), recipient=member)
    except (Notification.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    delivery: str


def preference_rows(member) -> list[PreferenceRow]:
    """Every kind with how the member gets it (one query)."""
    mine = dict(Preference.objects.filter(member=member).values_list("kind", "delivery"))
    return [
        PreferenceRow(kind, str(label), mine.get(kind, default_delivery(kind)))
        for kind, label in NotificationKind.choices
    ]
