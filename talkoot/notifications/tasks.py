"""Background work of notifications: e-mails, their retries, daily digests and reminders.

The scheduler (talkoot.core.scheduler) enqueues the periodic ones exactly once per period.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from talkoot.actions.models import Claim, ClaimStatus
from talkoot.notifications import mail
from talkoot.notifications.models import Delivery, Notification, NotificationKind
from talkoot.notifications.services import notify

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 6
RETRY_AFTER = timedelta(minutes=5)  # a send still running is not retried
GIVE_UP_AFTER = timedelta(days=2)
DIGEST_COVERS = timedelta(days=7)
# Reminders before a claimed task: the first a day ahead, the second three hours ahead. A claim
# made later than a reminder's moment gets only the reminders still ahead of it.
REMINDERS = ((timedelta(hours=24), "24h"), (timedelta(hours=3), "3h"))


@task
def send_notification_email(*, notification_id: int) -> bool:
    """Send one e-mail notification, once; a failure is counted and retried by `retry_unsent_emails`."""
    notification = (
        Notification.objects.select_related("recipient", "actor", "community")
        .filter(pk=notification_id, emailed_at__isnull=True, delivery=Delivery.EMAIL)
        .first()
    )
    if notification is None or not notification.recipient.is_active:
        return False
    try:
        mail.send_one(notification)
    except Exception:
        Notification.objects.filter(pk=notification_id).update(email_attempts=F("email_attempts") + 1)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


@task
def retry_unsent_emails() -> int:
    """Enqueue again the e-mails that failed (or were never enqueued), for two days."""
    now = timezone.now()
    due = Notification.objects.filter(
        delivery=Delivery.EMAIL,
        emailed_at__isnull=True,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        created_at__lt=now - RETRY_AFTER,
        created_at__gt=now - GIVE_UP_AFTER,
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        send_notification_email.enqueue(notification_id=pk)
        count += 1
    return count


@task
def send_digests() -> int:
    """Each member's digest notifications of the last week not yet sent, in one e-mail each."""
    since = timezone.now() - DIGEST_COVERS
    waiting = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True, created_at__gt=since)
        .select_related("recipient", "actor", "community")
        .order_by("recipient_id", "created_at", "id")
    )
    by_member: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_member.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    for items in by_member.values():
        member = items[0].recipient
        if not member.is_active:
            continue
        try:
            mail.send_digest(member, items)
        except Exception:
            logger.exception("A digest e-mail failed; it is tried again with the next digest")
            continue
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task
def send_reminders() -> int:
    """Remind those who took on a task a day and three hours before it starts (exactly once each)."""
    now = timezone.now()
    made = 0
    for ahead, label in REMINDERS:
        shorter = [other for other, _label in REMINDERS if other < ahead]
        later_than = now + max(shorter) if shorter else now
        claims = (
            Claim.objects.filter(
                status=ClaimStatus.ACTIVE,
                task__cancelled_at__isnull=True,
                task__starts_at__gt=later_than,
                task__starts_at__lte=now + ahead,
            )
            .select_related("member", "task__action__community")
            .order_by("id")
        )
        for claim in claims:
            task_ = claim.task
            with transaction.atomic():
                made += len(
                    notify(
                        recipients=[claim.member],
                        kind=NotificationKind.REMINDER,
                        community=task_.action.community,
                        detail={"task": task_.title, "starts": task_.starts_at.isoformat() if task_.starts_at else ""},
                        url=_task_url(task_),
                        once_key=f"reminder-{label}-{claim.pk}",
                    )
                )
    return made


def _task_url(task_) -> str:
    from django.urls import reverse

    return reverse("actions:detail", args=[task_.action.community.slug, task_.action_id]) + f"#task-{task_.pk}"
