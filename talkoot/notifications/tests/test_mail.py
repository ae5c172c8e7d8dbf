"""Notification e-mails through a real SMTP server: language, one-click unsubscribe, digest, retries."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from talkoot.actions.services import task_claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.notifications.models import Delivery, Notification, NotificationKind, Preference
from talkoot.notifications.services import notify
from talkoot.notifications.tasks import retry_unsent_emails, send_digests, send_reminders

pytestmark = pytest.mark.django_db

SITE = "https://talkoot.example.org"


def received(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


@pytest.fixture
def finnish_member(member):
    member.language = "fi"
    member.save(update_fields=["language"])
    return member


def test_a_reminder_e_mail_arrives_in_finnish_with_a_working_unsubscribe(
    community, finnish_member, smtp_server, settings, client, client_for, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    task = TaskFactory(
        action=ActionFactory(community=community), title="Kauppakassit", starts_at=timezone.now() + timedelta(hours=5)
    )
    task_claim(member=finnish_member, task=task)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders.call()

    (envelope,) = smtp_server.envelopes
    message = received(envelope)
    assert envelope.rcpt_tos == [finnish_member.email]
    assert message["Content-Language"] == "fi"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Muistutus: ”Kauppakassit” alkaa" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{SITE}/notifications/unsubscribe/") and unsubscribe in text
    assert "eino" not in unsubscribe.lower()
    # The link to the task opens for its member.
    task_link = next(link for link in links_in(text) if "/actions/" in link)
    assert client_for(finnish_member).get(task_link.removeprefix(SITE)).status_code == 200
    # A mail program's one-click POST (no session, no CSRF token) turns reminder e-mails off.
    response = client.post(unsubscribe.removeprefix(SITE), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(member=finnish_member, kind=NotificationKind.REMINDER).delivery == Delivery.APP


def test_a_digest_gathers_the_day_in_one_e_mail(community, member, steward, smtp_server, settings):
    settings.SITE_URL = SITE
    for text in ("Coffee on Fridays", "A bench in the yard"):
        notify(
            recipients=[member],
            kind=NotificationKind.PROPOSAL_OPENED,
            community=community,
            actor=steward,
            detail={"text": text},
            url="/",
        )

    assert send_digests.call() == 1

    (envelope,) = smtp_server.envelopes
    message = received(envelope)
    assert message["Subject"] == "talkoot: 2 new things for you"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Coffee on Fridays" in text and "A bench in the yard" in text
    assert message["List-Unsubscribe"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert send_digests.call() == 0  # sent once


def test_a_mail_server_that_is_down_does_not_stop_the_claim_and_the_mail_is_retried(
    community, member, settings, smtp_server, django_capture_on_commit_callbacks
):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }
    task = TaskFactory(action=ActionFactory(community=community), starts_at=timezone.now() + timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        claim = task_claim(member=member, task=task)
        send_reminders.call()
    assert claim.pk
    reminder = Notification.objects.get(kind=NotificationKind.REMINDER)
    assert reminder.emailed_at is None and reminder.email_attempts == 1

    settings.MAILERS = working
    Notification.objects.filter(pk=reminder.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert retry_unsent_emails.call() == 1
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None and len(smtp_server.envelopes) == 1


def test_a_tampered_unsubscribe_token_changes_nothing(client, member):
    from talkoot.notifications.tokens import unsubscribe_token

    token = unsubscribe_token(member.pk, NotificationKind.REMINDER)
    response = client.post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert not Preference.objects.exists()
    assert django_mail.outbox == []
