"""Querysets compiled once, for hot reads whose SQL never changes but for its values.

Building a queryset with subqueries and compiling it costs Django milliseconds of Python on every
request, although for a hot read (the API's task list, the token behind a request, the community
door) the SQL is the same each time but for a few values. `CompiledQuery(build, shape=...)` builds
the queryset with stand-in values, compiles it, and records where each stand-in lands among the
parameters. A call then runs that SQL with its own values and makes the rows as Django would: model
instances with their annotations, or the dicts of `.values()`.

The query is still written with the ORM, from the same selectors as everywhere else: the SQL is
Django's, only not made again. Keyword arguments named in `shape` (a limit, a flag) and values that
are None or booleans change the SQL itself: each combination is compiled once. A stand-in that does
not come through verbatim (SQLite binds datetimes as text, a `contains` lookup wraps its value)
makes that query build and compile on every call instead: slower, never different.

`CompiledUpdate(build)` does the same for a hot conditional UPDATE (a claim's slot): `build` gives
the queryset and the changes that `QuerySet.update` would take, a call gives the rows changed.

Not for querysets whose SQL depends on the active time zone or language, nor with prefetch_related
or a related manager's known objects (refused when compiled). Numbers beyond 64 bits, which Django
turns into an empty result before asking the database, take the ORM's way too.
"""

import threading
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, date, datetime
from itertools import count
from typing import Any
from weakref import ref as weak_ref

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.db.models.sql import UpdateQuery

_SUBSTITUTED = (int, str, datetime, date)  # bound as parameters: bool and None change the SQL
_serial = count(1)
_BIGINT = (-(2**63), 2**63 - 1)


def _stand_in(value: Any, round_: int, index: int) -> Any:
    """A value of the same type as `value` that no real query uses, distinct per round and name."""
    mark = 1000 * round_ + index
    if isinstance(value, datetime):
        return datetime(1901, 2, 3, 4, 5, 6, mark, tzinfo=value.tzinfo or UTC)
    if isinstance(value, date):
        return date(1001 + mark, 1, 1)
    if isinstance(value, int):
        return -(10**15) - mark
    return f"\ue000compiled-stand-in:{mark}\ue001"


class _Plan:
    """One compiled shape: the SQL, where each value goes, and how to make the rows."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, slots: list[tuple[str | None, Any]]):
        self.db = queryset.db
        self.sql = sql
        self.slots = slots  # per parameter: (value's name, None) or (None, constant)
        self.compiler = compiler
        self.as_values = issubclass(queryset._iterable_class, ValuesIterable)
        query = queryset.query
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        self.fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]  # Django 6.1, not in the stubs
        if not self.as_values:
            klass_info = compiler.klass_info
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            self.model_span = (first, last)
            self.init_list = [column[0].target.attname for column in compiler.select[first:last]]
            self.annotations = list(compiler.annotation_col_map.items())
            self.model = klass_info["model"]
            self.klass_info, self.select = klass_info, compiler.select

    def rows(self, values: dict[str, Any]) -> list:
        params = [values[name] if name is not None else constant for name, constant in self.slots]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        rows = self.compiler.results_iter(results=[fetched])
        if self.as_values:
            names = self.names
            return [dict(zip(names, row, strict=True)) for row in rows]
        return self._instances(rows)

    def _instances(self, rows: Iterable) -> list:
        # ModelIterable's loop (select_related included), for a queryset without prefetches.
        first, last = self.model_span
        from_db, init_list, db, annotations = self.model.from_db, self.init_list, self.db, self.annotations
        fetch_mode = self.fetch_mode
        related = get_related_populators(self.klass_info, self.select, db, fetch_mode)
        made, peers = [], []
        for row in rows:
            obj = from_db(db, init_list, row[first:last], fetch_mode=fetch_mode)
            if fetch_mode.track_peers:
                peers.append(weak_ref(obj))
                obj._state.peers = peers
            for populator in related:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            made.append(obj)
        return made


class _Compiled:
    """What CompiledQuery and CompiledUpdate share: plans per thread and per shape, made by
    compiling `build`'s query twice with stand-ins and finding where each stand-in went."""

    def __init__(self, build: Callable[..., Any], *, shape: Iterable[str] = ()):
        self._build = build
        self._shape = frozenset(shape)
        self._local = threading.local()
        self.name = getattr(build, "__qualname__", f"compiled-{next(_serial)}")

    def _plan_for(self, arguments: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """The plan for these arguments (None: take the ORM's way) and the values it binds."""
        values = {
            name: value
            for name, value in arguments.items()
            if name not in self._shape and isinstance(value, _SUBSTITUTED) and not isinstance(value, bool)
        }
        if any(isinstance(value, int) and not _BIGINT[0] <= value <= _BIGINT[1] for value in values.values()):
            return None, values
        key = tuple(
            sorted(
                (name, type(value).__name__ if name in values else _hashable(value))
                for name, value in arguments.items()
            )
        )
        plans = self._plans()
        if key not in plans:
            plans[key] = self._compile(arguments, values)
        return plans[key], values

    def _plans(self) -> dict[tuple, Any]:
        plans = getattr(self._local, "plans", None)
        if plans is None:
            plans = self._local.plans = {}
        return plans

    def _compile(self, arguments: dict[str, Any], values: dict[str, Any]):
        names = sorted(values)
        compiled = []
        for round_ in (1, 2):  # two rounds of stand-ins: what differs between them is a value
            stand_ins = {name: _stand_in(values[name], round_, index) for index, name in enumerate(names)}
            built, compiler = self._compiler(self._build(**{**arguments, **stand_ins}))
            sql, params = compiler.as_sql()
            compiled.append((built, compiler, sql, list(params), stand_ins))
        (built, compiler, sql, params, first), (_, _, other_sql, other_params, second) = compiled
        if sql != other_sql or len(params) != len(other_params):
            return None
        by_stand_in = {_param_key(value): name for name, value in first.items()}
        slots: list[tuple[str | None, Any]] = []
        for param, other in zip(params, other_params, strict=True):
            if _param_key(param) == _param_key(other):
                slots.append((None, param))
                continue
            name = by_stand_in.get(_param_key(param))
            if name is None or _param_key(second[name]) != _param_key(other):
                return None
            slots.append((name, None))
        return self._make_plan(built, compiler, sql, slots)

    def _compiler(self, built: Any) -> tuple[Any, Any]:
        raise NotImplementedError

    def _make_plan(self, built: Any, compiler: Any, sql: str, slots: list) -> Any:
        raise NotImplementedError


class CompiledQuery(_Compiled):
    """`build(**arguments)` → a queryset; `query(**arguments)` → its rows, the SQL compiled once.

    `shape` names the arguments that change the SQL (a LIMIT, a filter applied or not); the others
    are values bound as parameters. Plans are kept per thread, as Django keeps connections.
    """

    def __call__(self, **arguments) -> list:
        plan, values = self._plan_for(arguments)
        if plan is None:  # the values do not come through verbatim here: Django as usual
            return list(self._build(**arguments))
        return plan.rows(values)

    def _compiler(self, queryset: QuerySet) -> tuple[QuerySet, Any]:
        _refuse_related(queryset, self.name)
        return queryset, queryset.query.get_compiler(using=queryset.db)

    def _make_plan(self, queryset: QuerySet, compiler: Any, sql: str, slots: list) -> _Plan:
        return _Plan(queryset, compiler, sql, slots)


class CompiledUpdate(_Compiled):
    """`build(**arguments)` → (a queryset, the changes for its `update`); a call → rows changed.

    As `QuerySet.update`: no signals, no `auto_now`, and an error marks the transaction for rollback.
    """

    def __call__(self, **arguments) -> int:
        plan, values = self._plan_for(arguments)
        if plan is None:
            queryset, changes = self._build(**arguments)
            return queryset.update(**changes)
        db, sql, slots = plan
        params = [values[name] if name is not None else constant for name, constant in slots]
        with transaction.mark_for_rollback_on_error(using=db), connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def _compiler(self, built: tuple[QuerySet, dict[str, Any]]) -> tuple[str, Any]:
        queryset, changes = built
        _refuse_related(queryset, self.name)
        queryset._for_write = True  # type: ignore[attr-defined]  # as QuerySet.update: the database for writes
        query: UpdateQuery = queryset.query.chain(UpdateQuery)  # type: ignore[assignment]  # chain's klass
        query.add_update_values(changes)
        if query.get_related_updates() or query.order_by:  # a parent model's fields, an ordered update
            raise TypeError(f"{self.name}: only a plain update of one table can be compiled")
        query.clear_select_clause()  # as QuerySet.update: the changes hold what annotations they use
        return queryset.db, query.get_compiler(using=queryset.db)

    def _make_plan(self, db: str, compiler: Any, sql: str, slots: list) -> tuple[str, str, list]:
        if not sql:
            raise TypeError(f"{self.name}: an update without changes")
        return db, sql, slots


def _param_key(value: Any) -> tuple:
    # 1 == True and 1 == 1.0 in Python: the type keeps a constant from passing for a stand-in.
    return (type(value), value) if isinstance(value, Hashable) else (type(value), id(value))


def _hashable(value: Any) -> Hashable:
    return value if isinstance(value, Hashable) else repr(value)


def _refuse_related(queryset: QuerySet, name: str) -> None:
    if not issubclass(queryset._iterable_class, ModelIterable | ValuesIterable):
        raise TypeError(f"{name}: only model instances or values() can be compiled")
    if queryset._prefetch_related_lookups or queryset._known_related_objects:  # type: ignore[attr-defined]
        raise TypeError(f"{name}: prefetch_related and related managers' querysets cannot be compiled")
