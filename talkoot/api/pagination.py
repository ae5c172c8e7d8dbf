"""Cursor pagination for API lists: keyset, so a page costs the same at the millionth row and
rows added meanwhile neither repeat nor vanish.

A list is ordered by fields ending in a unique one (`("-created_at", "-id")`); the cursor is the
last row's values of those fields, signed, so a cursor cannot be forged to reach rows a filter left
out. `page_schema(ItemOut)` is the answer's shape: `items` and `next_cursor` (null on the last page).
"""

from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import create_model

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "talkoot.api.cursor"


def page_schema(item: type[Schema], name: str | None = None) -> type[Schema]:
    return create_model(
        name or item.__name__.removesuffix("Out") + "Page",
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, None),
    )


def _value_of(obj: Any, field: str):
    value = getattr(obj, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _bad_cursor() -> ValidationError:
    # A field of the query that is not valid, as any other: 422 naming it.
    message = _("This cursor is not valid: start again without one.")
    return ValidationError([{"loc": ("query", "cursor"), "type": "value_error", "ctx": {"error": message}}])


def _after(queryset: QuerySet, order: Sequence[str], cursor: str) -> QuerySet:
    try:
        values = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(order):
        raise _bad_cursor()
    names = [field.lstrip("-") for field in order]
    model = queryset.model
    try:
        values = [model._meta.get_field(name).to_python(value) for name, value in zip(names, values, strict=True)]
    except Exception:  # a forged cursor cannot get here (it is signed): an old one after a change
        raise _bad_cursor() from None
    later = Q()
    for index, field in enumerate(order):
        step = Q(**{f"{names[index]}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for earlier in range(index):
            step &= Q(**{names[earlier]: values[earlier]})
        later |= step
    return queryset.filter(later)


def cursor_page(queryset: QuerySet, *, order: Sequence[str], cursor: str | None, limit: int) -> dict:
    """One page of `queryset` in `order`, after `cursor`: `{"items": [...], "next_cursor": ...}`."""
    if cursor:
        queryset = _after(queryset, order, cursor)
    rows = list(queryset.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = signing.dumps([_value_of(last, field.lstrip("-")) for field in order], salt=_SALT, compress=True)
    return {"items": rows, "next_cursor": next_cursor}
