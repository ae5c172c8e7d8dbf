"""Personas shared by every test: who is acting decides what they may see.

- `community`: a private community that asks for applications (the hardest case for access).
- `steward`: a long-standing member of `community` (stewardship proper comes with shared power).
- `member`: an ordinary member of `community`.
- `newcomer`: signed up and confirmed, belongs to no community yet.
- `outsider`: a member of another community only.
- `anonymous`: nobody signed in.
"""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from talkoot.communities.models import JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def community(db):
    return CommunityFactory(
        name="Kallio Seniors Together",
        slug="kallio-seniors",
        visibility=Visibility.PRIVATE,
        join_policy=JoinPolicy.APPLICATION,
        application_questions=["Why would you like to join?"],
    )


@pytest.fixture
def other_community(db):
    return CommunityFactory(name="Vuosaari Neighbours", slug="vuosaari", visibility=Visibility.PRIVATE)


@pytest.fixture
def steward(community):
    member = MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    MembershipFactory(community=community, member=member)
    return member


@pytest.fixture
def member(community):
    member = MemberFactory(display_name="Eino Laine", email="eino@example.org")
    MembershipFactory(community=community, member=member)
    return member


@pytest.fixture
def newcomer(db):
    return MemberFactory(display_name="Saara Nieminen", email="saara@example.org")


@pytest.fixture
def outsider(other_community):
    member = MemberFactory(display_name="Olli Outsider", email="olli@example.org")
    MembershipFactory(community=other_community, member=member)
    return member


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def client_for():
    """A client signed in as the given persona (or anonymous for None)."""

    def make(persona, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if persona is not None:
            client.force_login(persona)
        return client

    return make


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
