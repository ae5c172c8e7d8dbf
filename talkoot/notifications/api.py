"""The notifications part of the JSON API (config/api.py): the caller's own, as on their page.

Each notification comes with its sentence in the caller's language (as the list says it) and the
plain facts it was made of (`detail`); `url` is the path of what it is about on the site.
"""

from datetime import datetime

from ninja import Field, Query, Router

from talkoot.api.pagination import cursor_page
from talkoot.api.schemas import ListQuery, Out, PersonOut, page_schema
from talkoot.notifications import selectors, services
from talkoot.notifications.models import Notification, NotificationKind
from talkoot.notifications.texts import sentence

router = Router(tags=["notifications"])


class NotificationCommunityOut(Out):
    slug: str
    name: str


class NotificationOut(Out):
    id: int
    kind: NotificationKind
    sentence: str = Field(description="What happened, in your language")
    detail: dict = Field(description="The plain facts the sentence is made of; they differ by kind")
    url: str = Field(description="The path on the site of what it is about (may be empty)")
    community: NotificationCommunityOut | None
    actor: PersonOut | None = Field(description="Who did it, if someone did")
    created_at: datetime
    read_at: datetime | None


NotificationPage = page_schema(NotificationOut)


class ReadAllOut(Out):
    marked: int = Field(description="How many were unread until now")
    unread_notifications: int


def _notification(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "sentence": sentence(notification),
        "detail": notification.detail or {},
        "url": notification.url,
        "community": notification.community,
        "actor": notification.actor,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get("/notifications", response=NotificationPage, summary="Your notifications, newest first")
def notifications_list(request, query: Query[ListQuery]):
    listed = selectors.notifications_of(request.user)
    page = cursor_page(listed, order=("-created_at", "-id"), cursor=query.cursor, limit=query.limit)
    return {"items": [_notification(n) for n in page["items"]], "next_cursor": page["next_cursor"]}


@router.post(
    "/notifications/{notification_id}/read", response=NotificationOut, summary="Mark one of your notifications read"
)
def notification_read(request, notification_id: int):
    notification = selectors.notification_for(request.user, notification_id)
    services.notification_mark_read(member=request.user, notification=notification)
    return _notification(selectors.notification_for(request.user, notification.pk))


@router.post("/notifications/read-all", response=ReadAllOut, summary="Mark all your notifications read")
def notifications_read_all(request):
    marked = services.notifications_mark_all_read(member=request.user)
    return {"marked": marked, "unread_notifications": request.user.unread_notifications}
