"""Writes for notifications: make them, mark them read, choose how to be told.

`notify` is called inside the transaction of the change it tells about: the rows roll back with
it, and e-mails leave only after it commits (by a background task that is retried if it fails).
"""

from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member
from talkoot.notifications.models import Delivery, Notification, NotificationKind, Preference, default_delivery


def deliveries_for(member_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each member wants `kind`: their preference, else the default (one query)."""
    ids = list(member_ids)
    chosen = dict(Preference.objects.filter(member_id__in=ids, kind=kind).values_list("member_id", "delivery"))
    return {pk: chosen.get(pk, default_delivery(kind)) for pk in ids}


def notify(
    *,
    recipients: Iterable[Member | None],
    kind: str,
    community=None,
    actor: Member | None = None,
    detail: dict | None = None,
    url: str = "",
    once_key: str = "",
) -> list[Notification]:
    """Tell `recipients` (never the actor themselves, nor members who left talkoot or turned the
    kind off). With `once_key`, a recipient who has one with that key already gets no second."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {
        person.pk: person
        for person in recipients
        if person is not None and person.is_active and (actor is None or person.pk != actor.pk)
    }
    if not people:
        return []
    wanted = {pk: how for pk, how in deliveries_for(people, kind).items() if how != Delivery.OFF}
    rows = [
        Notification(
            recipient_id=pk,
            community=community,
            kind=kind,
            actor=actor,
            detail=detail or {},
            url=url,
            delivery=how,
            once_key=once_key,
        )
        for pk, how in wanted.items()
    ]
    if once_key:
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                continue  # told already
            created.append(row)
    else:
        created = Notification.objects.bulk_create(rows)
    Member.objects.filter(pk__in=[row.recipient_id for row in created]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    from talkoot.notifications.tasks import send_notification_email

    for row in created:
        if row.delivery == Delivery.EMAIL:
            # robust: a queue that cannot take it must not undo the change; the retry job sends it later.
            transaction.on_commit(partial(send_notification_email.enqueue, notification_id=row.pk), robust=True)
    return created


def _recount(member: Member) -> None:
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    Member.objects.filter(pk=member.pk).update(unread_notifications=unread)
    member.unread_notifications = unread


@transaction.atomic
def notification_mark_read(*, member: Member, notification: Notification) -> Notification:
    if notification.recipient_id != member.pk:
        raise ApplicationError(_("This notification is not yours."))
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    _recount(member)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, member: Member) -> int:
    marked = Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
    _recount(member)
    return marked


@transaction.atomic
def preference_set(*, member: Member, kind: str, delivery: str) -> None:
    if kind not in NotificationKind.values or delivery not in Delivery.values:
        raise ApplicationError(_("Please choose one of the options."))
    Preference.objects.update_or_create(member=member, kind=kind, defaults={"delivery": delivery})


@transaction.atomic
def preference_unsubscribe(*, member: Member, kind: str) -> None:
    """One-click unsubscribe from the e-mails of a kind (or, for "digest", from the daily e-mail):
    what it told is still shown in talkoot."""
    if kind != "digest":
        preference_set(member=member, kind=kind, delivery=Delivery.APP)
        return
    for each in NotificationKind.values:
        if deliveries_for([member.pk], each)[member.pk] == Delivery.DIGEST:
            preference_set(member=member, kind=each, delivery=Delivery.APP)
