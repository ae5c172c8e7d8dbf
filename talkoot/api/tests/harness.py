"""The API's access matrix: every operation, called by the member, an outsider, a visitor and a
read-only token, must answer what its row says (test_access_matrix.py).

Each app keeps its rows in `talkoot/<app>/tests/api_cases.py` as `CASES = [Case(...), ...]`; an
operation in the OpenAPI schema without a row fails the suite. A row builds what it needs from the
`World` (the shared personas of conftest.py, with a token each) in its `setup`, and names its path
and body from what `setup` returned.

Callers:
- `member`: `world.member` (Eino, an ordinary member of the private `world.community`), or
  `world.steward` when the row says `actor="steward"`, with a read-write token;
- `outsider`: `world.outsider`, a member of another community only, with a read-write token;
- `anonymous`: no token and no session;
- `read_token`: the same person as `member`, with a read-only token.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.test import Client

from talkoot.api.models import Scope
from talkoot.api.services import access_token_create

CALLERS = ("member", "outsider", "anonymous", "read_token")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PREFIX = "/api/v1"


@dataclass
class World:
    community: Any
    other_community: Any
    steward: Any
    member: Any
    outsider: Any
    tokens: dict[str, str] = field(default_factory=dict)
    made: Any = None  # what the row's setup returned

    def token_for(self, person, *, scope: str = Scope.READ_WRITE) -> str:
        key = f"{person.pk}:{scope}"
        if key not in self.tokens:
            self.tokens[key] = access_token_create(member=person, name="tests", scope=scope)[1]
        return self.tokens[key]


@dataclass
class Case:
    """One operation's row. `path` and `body` may be callables of `world.made` (what `setup` made)."""

    operation: str
    method: str
    path: str | Callable[[Any], str]
    body: dict | Callable[[Any], dict] | None = None
    setup: Callable[[World], Any] | None = None
    member: int = 200
    outsider: int = 404
    anonymous: int = 401
    read_token: int | None = None  # default: 403 for a write, else what the member gets
    actor: str = "member"  # or "steward"
    note: str = ""

    def expected(self, caller: str) -> int:
        if caller == "read_token":
            if self.read_token is not None:
                return self.read_token
            return 403 if self.method in UNSAFE else self.member
        return getattr(self, caller)

    @property
    def id(self) -> str:
        return f"{self.operation}" + (f"[{self.note}]" if self.note else "")


def call(method: str, path: str, *, token: str | None = None, body: Any = None, client: Client | None = None):
    client = client or Client()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body is not None else None
    return client.generic(method, PREFIX + path, data=data or "", content_type="application/json", headers=headers)


def run(case: Case, caller: str, world: World, *, after_setup: Callable[[], None] | None = None):
    world.made = case.setup(world) if case.setup else None
    if after_setup:
        after_setup()
    path = case.path(world.made) if callable(case.path) else case.path
    body = case.body(world.made) if callable(case.body) else case.body
    person = world.steward if case.actor == "steward" else world.member
    token = {
        "member": lambda: world.token_for(person),
        "outsider": lambda: world.token_for(world.outsider),
        "anonymous": lambda: None,
        "read_token": lambda: world.token_for(person, scope=Scope.READ),
    }[caller]()
    return call(case.method, path, token=token, body=body)


# Tables whose rows a refused request must leave as they were (a token's last use is not a change).
_IGNORED = {"api.accesstoken", "sessions.session", "django_tasks_database.dbtaskresult"}


def database_state() -> str:
    """A digest of every row of every table the apps own: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in _IGNORED or not model._meta.managed:
            continue
        digest.update(label.encode())
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()
