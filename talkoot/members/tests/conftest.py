"""Fixtures for the members app: a real SMTP server, strong passwords, reading mailed links."""

import socket

import pytest
from aiosmtpd.controller import Controller

STRONG_PASSWORD = "kahvi-ja-pulla-2026"


@pytest.fixture
def strong_password():
    return STRONG_PASSWORD


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, with the default mailer pointed at it.

    Django's test set-up (called by pytest-django) swaps every MAILERS alias for the locmem
    backend by assigning settings.MAILERS once per session. The mailer is built from
    settings.MAILERS at each send (django.core.mail.mailers), so overriding the setting for
    one test through pytest-django's `settings` fixture is enough to reach the real server.
    """
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()
