"""Cursor pagination for API lists: keyset, so a page costs the same at the millionth row and
rows added meanwhile neither repeat nor vanish.

A list is ordered by fields ending in a unique one (`("-created_at", "-id")`); the cursor is the
last row's values of those fields, signed, so a cursor cannot be forged to reach rows a filter left
out. `page_schema(ItemOut)` (talkoot.api.schemas) is the shape of a page: `items` and `next_cursor`
(null on the last page).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from talkoot.core.compiled import CompiledQuery

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "talkoot.api.cursor"


def _value_of(obj: Any, field: str):
    value = getattr(obj, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _bad_cursor() -> ValidationError:
    # A field of the query that is not valid, as any other: 422 naming it.
    message = _("This cursor is not valid: start again without one.")
    return ValidationError([{"loc": ("query", "cursor"), "type": "value_error", "ctx": {"error": message}}])


def _cursor_values(model, order: Sequence[str], cursor: str) -> list:
    """The last row's values of `order`'s fields, from a cursor; a 422 on `cursor` if it is not one."""
    try:
        values = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(order):
        raise _bad_cursor()
    names = [field.lstrip("-") for field in order]
    try:
        return [model._meta.get_field(name).to_python(value) for name, value in zip(names, values, strict=True)]
    except Exception:  # a forged cursor cannot get here (it is signed): an old one after a change
        raise _bad_cursor() from None


def _later_than(order: Sequence[str], values: Sequence) -> Q:
    """The rows after `values` in `order`: a keyset condition, (a < x) or (a = x and b < y) …"""
    names = [field.lstrip("-") for field in order]
    later = Q()
    for index, field in enumerate(order):
        step = Q(**{f"{names[index]}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for earlier in range(index):
            step &= Q(**{names[earlier]: values[earlier]})
        later |= step
    return later


def _page(rows: list, order: Sequence[str], limit: int) -> dict:
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = signing.dumps([_value_of(last, field.lstrip("-")) for field in order], salt=_SALT, compress=True)
    return {"items": rows, "next_cursor": next_cursor}


def cursor_page(queryset: QuerySet, *, order: Sequence[str], cursor: str | None, limit: int) -> dict:
    """One page of `queryset` in `order`, after `cursor`: `{"items": [...], "next_cursor": ...}`."""
    if cursor:
        queryset = queryset.filter(_later_than(order, _cursor_values(queryset.model, order, cursor)))
    return _page(list(queryset.order_by(*order)[: limit + 1]), order, limit)


class CompiledCursorList:
    """`cursor_page` for a hot list, its SQL compiled once per shape (`talkoot.core.compiled`).

    `build(**arguments)` is the list's unordered queryset of `model`; `page(cursor=, limit=,
    **arguments)` is one page of it, as `cursor_page` gives.
    """

    def __init__(self, build: Callable[..., QuerySet], *, model, order: Sequence[str], shape: Iterable[str] = ()):
        self._build = build
        self._model = model
        self._order = tuple(order)
        self._query = CompiledQuery(self._page_of, shape={*shape, "limit"})
        self._query.name = getattr(build, "__qualname__", self._query.name)

    def _page_of(self, *, limit: int, **arguments) -> QuerySet:
        after = [arguments.pop(f"after_{index}") for index in range(len(self._order)) if f"after_{index}" in arguments]
        queryset = self._build(**arguments)
        if after:
            queryset = queryset.filter(_later_than(self._order, after))
        return queryset.order_by(*self._order)[: limit + 1]

    def page(self, *, cursor: str | None, limit: int, **arguments) -> dict:
        if cursor:
            for index, value in enumerate(_cursor_values(self._model, self._order, cursor)):
                arguments[f"after_{index}"] = value
        return _page(self._query(limit=limit, **arguments), self._order, limit)
