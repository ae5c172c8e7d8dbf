"""A large synthetic network of communities, for benchmarking the insights: `generate_network`.

Fills an empty, migrated database with members, communities, memberships, planted clusters of
people who mostly help each other, actions with tasks and claims, contributions with their
beneficiaries, thanks, trust and assessments. Every column is a NumPy array drawn from one
`default_rng(seed)`, so a seed and a `now` give the same rows on every run.

On PostgreSQL the rows go in by binary COPY, on two connections at once: foreign keys, primary
keys, unique constraints and secondary indexes of the tables written are dropped first, each table
is truncated and filled with `COPY ... (FORMAT binary, FREEZE)` (no hint bits or freezing left for
VACUUM), and as soon as a table is in, its indexes are built, its keys attached and, once the tables
they point to are ready too, its foreign keys added and validated; every unique index is rebuilt
from the data, so the data provably keeps every invariant the models declare. Then the sequences
move past the ids written and the tables are vacuumed and analysed. Check constraints stay on
during the load. Each index is rebuilt from its own definition and checked to read back the same.
A run that fails half-way leaves the database without its indexes: generate into a fresh one.

SQLite (a `sqlite:///path` conninfo) works too, for small sizes only: one transaction of inserts.

The shapes, so the measures have something to find:

- communities of lognormal sizes (about `members / 500` of them); inside each, groups of 20-200
  members (the planted clusters). Every member has one home community; 10% join a second one.
- activity is skewed: 40% of members never give; the rest give with lognormal weights.
- everyone who gives has a few regular partners in their group; 85% of a contribution's
  beneficiaries are in the giver's group (most of them partners), the rest anywhere in the
  community; a member with a second community makes two in five of their contributions outside
  actions there (about 2% of all contributions cross communities). 8% go to the commons (no
  beneficiary row), 7% to 2-3 members.
- actions have 3-20 participants, 80% from one group, started by members drawn by the square of
  their activity (a few initiators start many); tasks of lognormal effort (most 15-60 minutes,
  about 6% over 120), 1-3 slots, live claims that leave some tasks unfilled; about half of all
  contributions belong to an action, the done claims among them.
- about 3 standing trusts per member, mostly inside the group, a third of them returned; the most
  trusted become stewards; 60% of closed actions are assessed (mostly 4 and 5); 40% of
  contributions are thanked, by one to three members.
"""

import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import psycopg
from django.db import models
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from talkoot.actions.models import Action, ActionParticipant, Claim, Task
from talkoot.communities.models import Community, Membership, Trust
from talkoot.contributions.models import Assessment, Category, Contribution, ContributionBeneficiary, Thanks
from talkoot.members.models import Member

Progress = Callable[[str], None]

DAY = 86_400
HOUR = 3_600
PG_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from
CHUNK_ROWS = 250_000  # rows per COPY message batch: a few tens of MB
HISTORY_DAYS = 730
LANES = 2  # connections loading and indexing at once: one per core of the machine it was tuned on

MODELS: list[type[models.Model]] = [
    Member,
    Community,
    Membership,
    Trust,
    Action,
    ActionParticipant,
    Task,
    Claim,
    Contribution,
    ContributionBeneficiary,
    Thanks,
    Assessment,
]

# fmt: off
FIRST_NAMES = [
    "Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leevi", "Aada", "Onni", "Ella", "Elias", "Lilja", "Oliver", "Eevi",
    "Toivo", "Venla", "Kerttu", "Matti", "Liisa", "Pekka", "Anneli", "Juhani", "Marjatta", "Kalevi", "Ritva", "Tapio",
    "Sirkka", "Jorma", "Hilkka", "Seppo", "Amina", "Yusuf", "Olga", "Dmitri", "Mei", "Hassan", "Fatima", "Ali",
]
SURNAME_INITIALS = "ABEHIJKLMNOPRSTUVY"
PLACES = [
    "Kallio", "Vallila", "Kontula", "Malmi", "Tikkurila", "Leppävaara", "Espoonlahti", "Hervanta", "Kaleva",
    "Pispala", "Runosmäki", "Nummela", "Kerava", "Lahti", "Porvoo", "Hämeenlinna", "Kuopio", "Oulu", "Rovaniemi",
    "Joensuu", "Vaasa", "Pori", "Kotka", "Mikkeli", "Seinäjoki", "Kajaani", "Savonlinna", "Salo", "Raahe", "Iisalmi",
]
KINDS = ["neighbours", "helpers", "talkoot", "circle", "commons", "village", "care ring", "together"]
ACTION_TITLES = [
    "Snow clearing for the elderly", "Grocery runs", "Community garden", "Repair café", "Weekly lunch",
    "Rides to the health centre", "Homework club", "Phone and computer help", "Spring clean of the yard",
    "Visits to the lonely", "Moving help", "Firewood for the sauna", "Walking group", "Book exchange",
    "Clothes swap", "Meals after a hospital stay", "Dog walking while ill", "Language café", "Bike repair day",
    "Playground painting", "Shared tool library", "Neighbourhood newsletter", "Summer party", "Blood drive",
]
TASK_TITLES = [
    "Shovel the path", "Carry the shopping", "Cook a meal", "Drive there and back", "Fix the sink",
    "Set up tables", "Water the beds", "Call and check in", "Teach the basics", "Bake for the café",
    "Bring the tools", "Clean up afterwards", "Make the posters", "Keep company for an hour", "Walk the dog",
    "Translate the letter", "Collect donations", "Plan the schedule", "Take the photos", "Sort the clothes",
]
# fmt: on
CATEGORIES = [choice.value for choice in Category]
CATEGORY_SHARE = {
    "care": 0.2, "company": 0.15, "transport": 0.1, "meals": 0.12, "household": 0.12,
    "garden": 0.08, "tech_help": 0.08, "organising": 0.07, "ideas": 0.04, "other": 0.04,
}  # fmt: skip
STAGES = ["initiate", "design", "deliver", "assess", "closed"]
INITIATE, DESIGN, DELIVER, ASSESS, CLOSED = range(5)
CLAIM_STATUSES = ["active", "done"]
LANGUAGES = ["fi", "en"]


class NotEmptyError(RuntimeError):
    """The database already holds rows the generator would write."""

    def __init__(self, table: str):
        super().__init__(f"{table} already has rows: generate into an empty, migrated database")
        self.table = table


# --- Columns -----------------------------------------------------------------------------------


@dataclass
class Col:
    """One column of a table: values, and where they are NULL (valid False)."""

    values: np.ndarray
    valid: np.ndarray | None = None
    kind: str = "int"  # int, bool, time (Unix seconds), text (bytes, or codes into `labels`)
    labels: list[str] | None = None


def ints(values: np.ndarray, valid: np.ndarray | None = None) -> Col:
    return Col(np.asarray(values, dtype=np.int64), valid)


def times(seconds: np.ndarray, valid: np.ndarray | None = None) -> Col:
    return Col(np.asarray(seconds, dtype=np.int64), valid, "time")


def bools(values: np.ndarray) -> Col:
    return Col(np.asarray(values, dtype=bool), None, "bool")


def text(values: np.ndarray) -> Col:
    return Col(np.asarray(values, dtype=np.bytes_), None, "text")


def coded(codes: np.ndarray, labels: list[str]) -> Col:
    return Col(np.asarray(codes, dtype=np.int64), None, "text", labels)


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _constants(model: type[models.Model], provided: set[str], overrides: dict[str, Any]) -> dict[str, Any]:
    """Column -> value for every column the generator does not fill: the field's default."""
    constants: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        column = str(field.column)
        if field.attname in provided:
            continue
        if field.attname in overrides:
            constants[column] = overrides[field.attname]
        elif field.db_default is not models.NOT_PROVIDED:
            continue  # the database fills it
        elif field.has_default():
            constants[column] = _plain(field.get_default())
        elif field.null:
            constants[column] = None
        elif field.empty_strings_allowed:
            constants[column] = ""
        else:
            raise RuntimeError(
                f"{model.__name__}.{field.name} is required and has no default: "
                "teach talkoot/insights/generator.py to fill it"
            )
    return constants


# --- Binary COPY encoding ----------------------------------------------------------------------

_BINARY_TYPES = {
    "bigint": ">i8",
    "integer": ">i4",
    "smallint": ">i2",
    "boolean": "?",
    "timestamp with time zone": ">i8",
}
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
COPY_TRAILER = b"\xff\xff"


def _binary_type(sql_type: str, col: Col, where: str) -> str:
    if sql_type in ("text",) or sql_type.startswith("character varying"):
        if col.kind != "text":
            raise TypeError(f"{where} is {sql_type}: give it text")
        return "text"
    dtype = _BINARY_TYPES.get(sql_type)
    if dtype is None:
        raise TypeError(f"{where} is {sql_type}, which the generator cannot write")
    if (sql_type == "timestamp with time zone") != (col.kind == "time") or (sql_type == "boolean") != (
        col.kind == "bool"
    ):
        raise TypeError(f"{where} is {sql_type}, not {col.kind}")
    return dtype


def encode_binary(columns: list[Col], types: list[str], start: int, stop: int) -> bytes:
    """Rows start..stop of the columns as PostgreSQL binary COPY tuples (without header).

    Each tuple is a field count and, per field, a length and the value in network byte order. Rows
    that share a layout (the same NULLs, the same text lengths) are written together through one
    NumPy structured array, then put back in their order.
    """
    n = stop - start
    if n <= 0:
        return b""
    key = np.zeros(n, dtype=np.int64)
    factor = 1
    prepared: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None, str]] = []
    for col, dtype in zip(columns, types, strict=True):
        values = col.values[start:stop]
        valid = col.valid[start:stop] if col.valid is not None else None
        lengths = None
        if dtype == "text":
            if col.labels is not None:
                labels = np.array([label.encode() for label in col.labels], dtype=np.bytes_)
                lengths = np.strings.str_len(labels)[values]
                values = labels[values]
            else:
                lengths = np.strings.str_len(values)
            longest = int(lengths.max())
            key += lengths.astype(np.int64) * factor
            factor *= longest + 1
        elif col.kind == "time":
            values = (values - PG_EPOCH) * 1_000_000
        if valid is not None:
            key += (~valid).astype(np.int64) * factor
            factor *= 2
        if factor > 1 << 50:
            raise OverflowError("too many text columns in one table for the binary encoder")
        prepared.append((values, valid, lengths, dtype))
    if key.min() == key.max():
        groups: list[np.ndarray | slice] = [slice(0, n)]
    else:
        order = np.argsort(key, kind="stable")
        cuts = np.flatnonzero(np.diff(key[order])) + 1
        groups = list(np.split(order, cuts))
    blocks = []
    for rows in groups:
        first = rows.start if isinstance(rows, slice) else int(rows[0])
        count = (rows.stop - rows.start) if isinstance(rows, slice) else len(rows)
        layout: list[tuple[str, str]] = [("n", ">i2")]
        fills: list[tuple[str, int, np.ndarray | None]] = []
        for index, (values, valid, lengths, dtype) in enumerate(prepared):
            if valid is not None and not valid[first]:
                layout.append((f"l{index}", ">i4"))
                fills.append((f"l{index}", -1, None))
                continue
            size = int(lengths[first]) if lengths is not None else np.dtype(dtype).itemsize
            layout.append((f"l{index}", ">i4"))
            fills.append((f"l{index}", size, None))
            if size:
                layout.append((f"v{index}", f"S{size}" if dtype == "text" else dtype))
                fills.append((f"v{index}", 0, values[rows]))
        block = np.empty(count, dtype=np.dtype(layout))
        block["n"] = len(prepared)
        for name, constant, data in fills:
            block[name] = constant if data is None else data
        blocks.append((rows, block))
    if len(blocks) == 1:
        return blocks[0][1].tobytes()
    # Back into the rows' own order: each row left-aligned in a table as wide as the widest,
    # then the padding squeezed out.
    widest = max(block.dtype.itemsize for _rows, block in blocks)
    table = np.empty((n, widest), dtype=np.uint8)
    width = np.empty(n, dtype=np.int64)
    for rows, block in blocks:
        size = block.dtype.itemsize
        table[rows, :size] = block.view(np.uint8).reshape(-1, size)
        width[rows] = size
    return table[np.arange(widest) < width[:, None]].tobytes()


# --- Sinks -------------------------------------------------------------------------------------


# pg_get_indexdef spells a predicate `col IN ('a', 'b')` (as Django writes it) as
# `(col)::text = ANY ((ARRAY['a'::character varying, ...])::text[])`, which PostgreSQL would store
# in yet another equivalent form if run as is; written back as an IN list it reads back the same.
_ANY_ARRAY = re.compile(r"\((\w+)\)::text = ANY \(\(ARRAY\[([^\]]*)\]\)::text\[\]\)")


def _as_written(definition: str) -> str:
    return _ANY_ARRAY.sub(r"\1 IN (\2)", definition)


def _quoted(names: list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


@dataclass
class _Job:
    name: str
    cost: float
    run: Callable[[psycopg.Connection], None]
    after: Callable[[], None] | None = None


class _Workers:
    """Two connections working through jobs, the costliest ready one first."""

    def __init__(self, conninfo: str, count: int, setup: list[str]):
        self.conninfo = conninfo
        self.setup = setup
        self.cv = threading.Condition()
        self.ready: list[_Job] = []
        self.running = 0
        self.error: BaseException | None = None
        self.closed = False
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def submit(self, job: _Job) -> None:
        with self.cv:
            if self.error is not None:
                raise self.error
            self.ready.append(job)
            self.cv.notify()

    def drain(self) -> None:
        """Wait until every submitted job (and those they submitted) is done."""
        with self.cv:
            while (self.ready or self.running) and self.error is None:
                self.cv.wait()
            if self.error is not None:
                raise self.error

    def close(self) -> None:
        with self.cv:
            self.closed = True
            self.cv.notify_all()
        for thread in self.threads:
            thread.join()

    def _work(self) -> None:
        try:
            conn = psycopg.connect(self.conninfo, autocommit=True)
        except BaseException as error:
            with self.cv:
                self.error = self.error or error
                self.cv.notify_all()
            return
        with conn:
            for statement in self.setup:
                conn.execute(statement)
            while True:
                with self.cv:
                    while not self.ready and not self.closed and self.error is None:
                        self.cv.wait()
                    if self.closed or self.error is not None:
                        return
                    job = max(self.ready, key=lambda job: job.cost)
                    self.ready.remove(job)
                    self.running += 1
                try:
                    job.run(conn)
                    if job.after:
                        job.after()
                except BaseException as error:
                    with self.cv:
                        self.error = self.error or error
                        self.running -= 1
                        self.cv.notify_all()
                    return
                with self.cv:
                    self.running -= 1
                    self.cv.notify_all()


class PostgresSink:
    def __init__(self, conninfo: str, say: Progress, workers: int = LANES):
        self.conninfo = conninfo
        self.say = say
        self.worker_count = workers
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.index_seconds: dict[str, float] = {}
        self.fk_seconds: dict[str, float] = {}
        self.stages: dict[str, float] = {}
        self.lock = threading.Lock()

    def _execute(self, conn: psycopg.Connection, query: Any, params: Any = None) -> Any:
        return conn.execute(query, params)

    def begin(self) -> None:
        started = time.perf_counter()
        self.conn = psycopg.connect(self.conninfo, autocommit=True)
        self.tables = [model._meta.db_table for model in MODELS]
        self.types: dict[str, dict[str, str]] = {}
        for table in self.tables:
            rows = self._execute(
                self.conn,
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            ).fetchall()
            if not rows:
                raise RuntimeError(f"No table {table}: run `manage.py migrate` first")
            self.types[table] = dict(rows)
            filled = self._execute(self.conn, sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table)))
            if filled.fetchone()[0]:
                raise NotEmptyError(table)
        self.foreign_keys: list[tuple[str, str, str, str]] = []
        self.keys: dict[str, list[tuple[str, str, str, bool, bool]]] = {table: [] for table in self.tables}
        self.indexes: dict[str, list[tuple[str, str]]] = {table: [] for table in self.tables}
        with self.conn.transaction():
            rows = self._execute(
                self.conn,
                "SELECT r.relname, c.conname, pg_get_constraintdef(c.oid), f.relname FROM pg_constraint c "
                "JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid "
                "WHERE c.contype = 'f' "
                "AND (c.conrelid = ANY(%s::text[]::regclass[]) OR c.confrelid = ANY(%s::text[]::regclass[])) "
                "ORDER BY r.relname, c.conname",
                [self.tables, self.tables],
            ).fetchall()
            for table, name, definition, referenced in rows:
                self.foreign_keys.append((table, name, definition, referenced))
                self._execute(
                    self.conn,
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name)),
                )
            for table in self.tables:
                # Primary keys and unique constraints: rebuilt as unique indexes, attached at the end.
                rows = self._execute(
                    self.conn,
                    "SELECT conname, contype, pg_get_indexdef(conindid), condeferrable, condeferred "
                    "FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u') ORDER BY conname",
                    [table],
                ).fetchall()
                for name, kind, definition, deferrable, deferred in rows:
                    self.keys[table].append((name, kind, definition, deferrable, deferred))
                    self._execute(
                        self.conn,
                        sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                            sql.Identifier(table), sql.Identifier(name)
                        ),
                    )
                rows = self._execute(
                    self.conn,
                    "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                    "ORDER BY i.relname",
                    [table],
                ).fetchall()
                for name, definition in rows:
                    self.indexes[table].append((name, definition))
                    self._execute(self.conn, sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        self.foreign_keys_of: dict[str, list[tuple[str, str, str]]] = {}
        for table, name, definition, referenced in self.foreign_keys:
            self.foreign_keys_of.setdefault(table, []).append((name, definition, referenced))
        self.loaded: dict[str, int] = {}
        self.unbuilt: dict[str, int] = {}
        self.ready: set[str] = set()
        self.validating: set[str] = set()
        self.workers = _Workers(
            self.conninfo,
            self.worker_count,
            [
                "SET synchronous_commit = off",
                # Small on purpose: on a 2-core machine an external sort of cache-sized runs built the
                # index on 10 million random keys in 12 s, one gigabyte of quicksort took 20 s.
                "SET maintenance_work_mem = '32MB'",
                "SET max_parallel_maintenance_workers = 0",
            ],
        )
        self.stages["prepare"] = time.perf_counter() - started

    def load(
        self, model: type[models.Model], count: int, columns: dict[str, Col], overrides: dict[str, Any] | None = None
    ) -> None:
        table = model._meta.db_table
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise RuntimeError(f"{model.__name__} has no columns {sorted(unknown)}")
        for attname, col in columns.items():
            if len(col.values) != count:
                raise ValueError(f"{model.__name__}.{attname}: {len(col.values)} values for {count} rows")
        names = [str(fields[attname].column) for attname in columns]
        types = [
            _binary_type(self.types[table][name], col, f"{table}.{name}")
            for name, col in zip(names, columns.values(), strict=True)
        ]
        constants = {
            name: value for name, value in _constants(model, set(columns), overrides or {}).items() if value is not None
        }
        cols = list(columns.values())

        def run(conn: psycopg.Connection) -> None:
            started = time.perf_counter()
            self.say(f"writing {table} ({count:,} rows)")
            ident = sql.Identifier(table)
            with conn.transaction():
                self._execute(conn, sql.SQL("TRUNCATE {}").format(ident))
                for name, value in constants.items():
                    self._execute(
                        conn,
                        sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                            ident, sql.Identifier(name), sql.Literal(value)
                        ),
                    )
                if count:
                    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT binary, FREEZE)").format(ident, _quoted(names))
                    with conn.cursor() as cursor, cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
                        copy.write(COPY_HEADER)
                        for start in range(0, count, CHUNK_ROWS):
                            copy.write(encode_binary(cols, types, start, min(count, start + CHUNK_ROWS)))
                        copy.write(COPY_TRAILER)
                for name in constants:
                    self._execute(
                        conn,
                        sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(ident, sql.Identifier(name)),
                    )
            with self.lock:
                self.counts[table] = count
                self.seconds[table] = time.perf_counter() - started

        def after() -> None:
            # The table's indexes can be built as soon as its rows are in, its keys once they are.
            definitions = [(name, definition) for name, _kind, definition, _d, _i in self.keys[table]]
            definitions += self.indexes[table]
            with self.lock:
                self.loaded[table] = count
                self.unbuilt[table] = len(definitions)
            if not definitions:
                self._submit_keys(table)
            for name, definition in definitions:
                self._submit_index(table, name, definition, count)

        self.workers.submit(_Job(f"copy {table}", count * (4 + len(cols)), run, after))

    def _submit_index(self, table: str, name: str, definition: str, count: int) -> None:
        def run(conn: psycopg.Connection) -> None:
            started = time.perf_counter()
            self._execute(conn, _as_written(definition))
            again = self._execute(conn, "SELECT pg_get_indexdef(%s::regclass)", [name]).fetchone()[0]
            if again != definition:
                raise RuntimeError(f"Index {name} came back as {again!r}, not {definition!r}")
            with self.lock:
                self.index_seconds[table] = self.index_seconds.get(table, 0.0) + time.perf_counter() - started

        def after() -> None:
            with self.lock:
                self.unbuilt[table] -= 1
                last = self.unbuilt[table] == 0
            if last:
                self._submit_keys(table)

        self.workers.submit(_Job(f"index {name}", count * 3.0, run, after))

    def _submit_keys(self, table: str) -> None:
        """Primary key and unique constraints onto their rebuilt indexes; then the foreign keys whose
        two tables are ready (each table's own, validated one after the other: a validation locks
        its table against another)."""

        def run(conn: psycopg.Connection) -> None:
            for name, kind, _definition, deferrable, deferred in self.keys[table]:
                clause = "PRIMARY KEY" if kind == "p" else "UNIQUE"
                tail = (" DEFERRABLE" if deferrable else "") + (" INITIALLY DEFERRED" if deferred else "")
                self._execute(
                    conn,
                    sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} " + clause + " USING INDEX {}" + tail).format(
                        sql.Identifier(table), sql.Identifier(name), sql.Identifier(name)
                    ),
                )

        def after() -> None:
            with self.lock:
                self.ready.add(table)
                due = [
                    owner
                    for owner, keys in self.foreign_keys_of.items()
                    if owner not in self.validating
                    and self._is_ready(owner)
                    and all(self._is_ready(referenced) for _n, _d, referenced in keys)
                ]
                self.validating.update(due)
            for owner in due:
                cost = self.loaded.get(owner, 0) * len(self.foreign_keys_of[owner])
                self.workers.submit(_Job(f"foreign keys {owner}", cost, self._validator(owner)))

        self.workers.submit(_Job(f"keys {table}", 0.0, run, after))

    def _is_ready(self, table: str) -> bool:
        """Whether a table's rows, indexes and keys are in (a table the generator does not write is)."""
        return table in self.ready or table not in self.keys

    def finish(self, counts: dict[str, int]) -> None:
        """Wait for the load, the indexes, the keys and the foreign keys; then sequences and statistics."""
        try:
            started = time.perf_counter()
            self.say("building indexes and foreign keys")
            self.workers.drain()
            missing = sorted(set(self.foreign_keys_of) - self.validating)
            if missing:
                raise RuntimeError(f"Foreign keys of {missing} were never put back: a table was not written")
            self.stages["load_index_keys"] = time.perf_counter() - started
            started = time.perf_counter()
            self.say("vacuum and analyse")
            for model in MODELS:
                table = model._meta.db_table
                self._execute(
                    self.conn,
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
                    [table, max(1, counts.get(table, 0)), counts.get(table, 0) > 0],
                )
                self.workers.submit(_Job(f"vacuum {table}", counts.get(table, 0), self._vacuum(table)))
            self.workers.drain()
            self.stages["vacuum"] = time.perf_counter() - started
        finally:
            self.workers.close()
            self.conn.close()

    def _validator(self, table: str) -> Callable[[psycopg.Connection], None]:
        def run(conn: psycopg.Connection) -> None:
            started = time.perf_counter()
            for name, definition, _referenced in self.foreign_keys_of[table]:
                ident = sql.Identifier(table), sql.Identifier(name)
                self._execute(
                    conn, sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} " + definition + " NOT VALID").format(*ident)
                )
                self._execute(conn, sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(*ident))
            with self.lock:
                self.fk_seconds[table] = time.perf_counter() - started

        return run

    def _vacuum(self, table: str) -> Callable[[psycopg.Connection], None]:
        def run(conn: psycopg.Connection) -> None:
            self._execute(conn, sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))

        return run

    def abort(self) -> None:
        self.workers.close()
        self.conn.close()


class SqliteSink:
    """Plain inserts in one transaction: for small networks (tests, a quick look)."""

    def __init__(self, path: str, say: Progress):
        self.path = path
        self.say = say
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.index_seconds: dict[str, float] = {}
        self.fk_seconds: dict[str, float] = {}
        self.stages: dict[str, float] = {}

    def begin(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        for model in MODELS:
            table = model._meta.db_table
            if self.conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:  # noqa: S608
                raise NotEmptyError(table)
        self.conn.execute("PRAGMA foreign_keys=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("BEGIN")

    def load(
        self, model: type[models.Model], count: int, columns: dict[str, Col], overrides: dict[str, Any] | None = None
    ) -> None:
        started = time.perf_counter()
        table = model._meta.db_table
        fields = {field.attname: field for field in model._meta.concrete_fields}
        names = [str(fields[attname].column) for attname in columns]
        constants = _constants(model, set(columns), overrides or {})
        lists = [self._python(col) for col in columns.values()]
        tail = tuple(constants.values())
        names += list(constants)
        marks = ", ".join("?" * len(names))
        self.say(f"writing {table} ({count:,} rows)")
        quoted = ", ".join(f'"{name}"' for name in names)
        statement = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608
        self.conn.executemany(statement, (row + tail for row in zip(*lists, strict=True)))
        self.counts[table] = count
        self.seconds[table] = time.perf_counter() - started

    @staticmethod
    def _python(col: Col) -> list:
        if col.kind == "time":
            values: list = [text.replace("T", " ") for text in col.values.astype("datetime64[s]").astype(str).tolist()]
        elif col.kind == "text":
            if col.labels is not None:
                values = [col.labels[code] for code in col.values.tolist()]
            else:
                values = [value.decode() for value in col.values.tolist()]
        elif col.kind == "bool":
            values = [int(value) for value in col.values.tolist()]
        else:
            values = col.values.tolist()
        if col.valid is not None:
            values = [value if ok else None for value, ok in zip(values, col.valid.tolist(), strict=True)]
        return values

    def finish(self, counts: dict[str, int]) -> None:
        self.conn.execute("COMMIT")
        broken = self.conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        self.conn.close()
        if broken:
            raise RuntimeError(f"Generated data breaks foreign keys: {broken}")

    def abort(self) -> None:
        self.conn.close()


Sink = PostgresSink | SqliteSink


# --- The network -------------------------------------------------------------------------------


def _first_of_each(keys: np.ndarray) -> np.ndarray:
    """Index of the first occurrence of each distinct key, in increasing order of key.

    The position rides in the low bits of the key, so one plain sort does what a stable argsort
    (`np.unique(return_index=True)`) would, several times faster.
    """
    n = len(keys)
    if not n:
        return np.arange(0)
    bits = max(1, (n - 1).bit_length())
    if int(keys.min()) >= 0 and int(keys.max()) < 1 << (62 - bits):
        packed = np.sort((keys << bits) | np.arange(n, dtype=np.int64))
        key = packed >> bits
        first = np.ones(n, dtype=bool)
        first[1:] = key[1:] != key[:-1]
        return packed[first] & ((1 << bits) - 1)
    return np.unique(keys, return_index=True)[1]


def _span(lengths: np.ndarray) -> np.ndarray:
    """For runs of the given lengths laid end to end, each element's position inside its run."""
    total = int(lengths.sum())
    starts = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)


class Network:
    """Draws the network column by column and hands each table to the sink as soon as it is final.

    Members are numbered internally 0..N-1 in order of community and group, so a group or a
    community is a contiguous range and "pick a member of this group, weighted" is one
    `searchsorted` on a cumulative weight. Their ids are a random permutation of that order.
    """

    def __init__(self, sink: Sink, members: int, contributions: int, communities: int, seed: int, now: int, say):
        self.sink = sink
        self.say = say
        self.N = members
        self.M = contributions
        self.C = communities
        self.rng = np.random.default_rng(seed)
        self.now = now
        self.start = now - HISTORY_DAYS * DAY
        self.counts: dict[str, int] = {}

    def load(self, model, count: int, columns: dict[str, Col], overrides: dict[str, Any] | None = None) -> None:
        self.counts[model._meta.db_table] = count
        self.sink.load(model, count, columns, overrides)

    # -- helpers --

    def uniform(self, size: int) -> np.ndarray:
        return self.rng.random(size)

    @staticmethod
    def cumulative(weights: np.ndarray) -> np.ndarray:
        return np.concatenate(([0.0], np.cumsum(weights, dtype=np.float64)))

    def pick(self, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """One member index in lo..hi-1 for each row, drawn by the weights behind `cum`."""
        u = self.uniform(len(lo))
        base, top = cum[lo], cum[hi]
        chosen = np.searchsorted(cum, base + u * (top - base), side="right") - 1
        flat = top <= base  # nobody in the range has weight: any of them
        chosen = np.where(flat, lo + (u * (hi - lo)).astype(np.int64), chosen)
        return np.clip(chosen, lo, hi - 1)

    def pick_other(self, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray, excluded: list[np.ndarray]) -> np.ndarray:
        """Like `pick`, never one of `excluded` (-1 where the range has nobody else)."""
        chosen = self.pick(cum, lo, hi)
        todo = np.flatnonzero(np.any([chosen == other for other in excluded], axis=0) if excluded else [])
        for _attempt in range(40):
            if not len(todo):
                break
            chosen[todo] = self.pick(cum, lo[todo], hi[todo])
            clash = np.any([chosen[todo] == other[todo] for other in excluded], axis=0)
            todo = todo[clash]
        if len(todo):
            chosen[todo] = -1
        return chosen

    def spread(self, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """A moment uniformly between start and stop (Unix seconds)."""
        return start + (self.uniform(len(start)) * np.maximum(stop - start, 0)).astype(np.int64)

    # -- the stages --

    def run(self) -> None:
        self.structure()
        self.actions()
        self.contributions()
        self.people()
        self.trust()
        self.memberships()
        self.assessments()

    def structure(self) -> None:
        self.say("drawing communities and groups")
        rng, N, C = self.rng, self.N, self.C
        raw = rng.lognormal(0.0, 0.6, C)
        sizes = 1 + rng.multinomial(N - C, raw / raw.sum())
        self.csize = sizes.astype(np.int64)
        self.cstart = np.cumsum(self.csize) - self.csize
        self.home = np.repeat(np.arange(C), self.csize)
        # Groups: a run of lognormal sizes cut at the community borders; a stub under 20 joins
        # the group before it in the same community.
        draws = np.clip(np.round(rng.lognormal(np.log(60), 0.6, N // 20 + 2)), 20, 200).astype(np.int64)
        cuts = np.cumsum(draws)
        starts = np.union1d(self.cstart, cuts[cuts < N])
        lengths = np.diff(np.append(starts, N))
        keep = np.isin(starts, self.cstart) | (lengths >= 20)
        self.gstart = starts[keep]
        self.gsize = np.diff(np.append(self.gstart, N))
        self.group = np.repeat(np.arange(len(self.gstart)), self.gsize)
        self.gcomm = self.home[self.gstart]
        self.G = len(self.gstart)
        # Activity: 40% never give; the rest by lognormal weight. Receiving and being trusted by
        # milder weights of their own.
        active = rng.random(N) >= 0.4
        self.activity = rng.lognormal(0.0, 1.2, N) * active
        if not self.activity.any():
            self.activity[:] = 1.0
        self.give = self.cumulative(self.activity)
        self.initiate = self.cumulative(self.activity**2)
        self.receive = self.cumulative(rng.lognormal(0.0, 0.8, N))
        self.trusted_weight = self.cumulative(self.activity + 0.3 * self.activity.mean())
        # Joining: a fifth are founders from before the history; the rest over the two years.
        founder = rng.random(N) < 0.2
        self.join = np.where(
            founder,
            self.start - (rng.random(N) * 60 * DAY).astype(np.int64),
            self.start + (rng.random(N) ** 1.3 * (self.now - self.start - 7 * DAY)).astype(np.int64),
        )
        self.second = np.full(N, -1, dtype=np.int64)
        if C > 1:
            has = rng.random(N) < 0.10
            self.second[has] = (self.home[has] + 1 + (rng.random(int(has.sum())) * (C - 1)).astype(np.int64)) % C
        self.join2 = self.spread(self.join, np.full(N, self.now - DAY))
        self.ids = rng.permutation(N).astype(np.int64) + 1  # member id of each internal index
        self.gfavourite = rng.choice(len(CATEGORIES), self.G, p=list(CATEGORY_SHARE.values()))
        self.earliest = np.full(N, np.iinfo(np.int64).max, dtype=np.int64)
        # Regular partners: everyone who gives pairs up with two others of their group who give
        # (both ways), so much of the help goes back and forth between the same few people.
        source = np.repeat(np.flatnonzero(active).astype(np.int64), 2)
        lo = self.gstart[self.group[source]]
        mate = self.pick_other(self.give, lo, lo + self.gsize[self.group[source]], [source])
        ok = mate >= 0
        bits = max(1, (N - 1).bit_length())
        pairs = np.unique(
            np.concatenate([(source[ok] << bits) | mate[ok], (mate[ok] << bits) | source[ok]])
        )  # sorted by member, then mate; each pair once
        self.mate = pairs & ((1 << bits) - 1)
        self.mate_count = np.bincount(pairs >> bits, minlength=N).astype(np.int64)
        self.mate_ptr = np.cumsum(self.mate_count) - self.mate_count

    def categories(self, favourite: np.ndarray, keep: float) -> np.ndarray:
        other = self.rng.choice(len(CATEGORIES), len(favourite), p=list(CATEGORY_SHARE.values()))
        return np.where(self.uniform(len(favourite)) < keep, favourite, other)

    def actions(self) -> None:
        self.say("drawing actions, tasks and claims")
        rng, now = self.rng, self.now
        A = max(1, round(self.M / 50))
        self.A = A
        everyone = np.zeros(A, dtype=np.int64)
        starter = self.pick(self.initiate, everyone, everyone + self.N)
        created = np.sort(self.start + ((rng.random(A) ** 0.8) * (now - self.start - HOUR)).astype(np.int64))
        group = self.group[starter]
        comm = self.gcomm[group]
        duration = (7 * DAY + np.minimum(173 * DAY, rng.exponential(30 * DAY, A))).astype(np.int64)
        end_work = created + duration
        stage = np.full(A, DELIVER)
        done = end_work + 14 * DAY <= now
        stuck = done & (rng.random(A) < 0.08)
        stage[done] = CLOSED
        stage[stuck] = np.where(rng.random(int(stuck.sum())) < 0.6, DELIVER, DESIGN)
        stage[~done & (end_work <= now)] = ASSESS
        running = end_work > now
        stage[running] = rng.choice([INITIATE, DESIGN, DELIVER], int(running.sum()), p=[0.15, 0.25, 0.6])
        closed = stage == CLOSED
        closed_at = end_work + 14 * DAY
        assessing = closed | (stage == ASSESS)
        # Work happens from creation to the end of the work (now at the latest); stuck ones stop early.
        work_end = np.minimum(end_work, now)
        work_end = np.where(stuck, created + duration // 4, work_end)
        updated = np.where(closed, closed_at, np.where(stage == ASSESS, end_work, np.maximum(created, work_end - HOUR)))
        self.act_created, self.act_work_end, self.act_stage = created, work_end, stage
        self.act_closed_at = np.where(closed, closed_at, 0)
        self.act_comm, self.act_group, self.act_starter = comm, group, starter
        self.act_category = self.categories(self.gfavourite[group], 0.6)
        # Participants: 3-20, 80% from the starter's group, distinct, the starter first.
        want = 3 + np.minimum(17, rng.geometric(0.22, A) - 1)
        draws = 2 * want + 4
        cand_action = np.repeat(np.arange(A), draws)
        cand_group = group[cand_action]
        in_group = rng.random(len(cand_action)) < 0.8
        lo = np.where(in_group, self.gstart[cand_group], self.cstart[comm[cand_action]])
        hi = lo + np.where(in_group, self.gsize[cand_group], self.csize[comm[cand_action]])
        cand = self.pick(self.give, lo, hi)
        # The last four of each action's draws ignore activity: a group with few active members
        # still gets three participants.
        ends = np.cumsum(draws)
        plain = np.repeat(ends, 4) - np.tile(np.arange(1, 5), A)
        cand[plain] = lo[plain] + (rng.random(len(plain)) * (hi[plain] - lo[plain])).astype(np.int64)
        cand[ends - draws] = starter
        first = np.sort(_first_of_each(cand_action * self.N + cand))
        p_action, p_member = cand_action[first], cand[first]
        rank = np.arange(len(p_action)) - np.searchsorted(p_action, p_action, side="left")
        keep = rank < want[p_action]
        self.p_action, self.p_member = p_action[keep], p_member[keep]
        self.p_count = np.bincount(self.p_action, minlength=A).astype(np.int64)
        self.p_ptr = np.cumsum(self.p_count) - self.p_count
        p_joined = np.minimum(
            created[self.p_action] + (rng.random(len(self.p_action)) * 0.2 * duration[self.p_action]).astype(np.int64),
            now - HOUR,
        )
        p_joined[self.p_ptr] = created  # the starter from the start
        np.minimum.at(self.earliest, self.p_member, p_joined)
        ids = self.ids
        self.load(
            Action,
            A,
            {
                "created_at": times(created),
                "updated_at": times(updated),
                "title": coded(rng.integers(0, len(ACTION_TITLES), A), ACTION_TITLES),
                "stage": coded(stage, STAGES),
                "assess_started_at": times(end_work, assessing),
                "closed_at": times(closed_at, closed),
                "community_id": ints(comm + 1),
                "started_by_id": ints(ids[starter]),
                "id": ints(np.arange(1, A + 1)),
            },
        )
        self.load(
            ActionParticipant,
            len(self.p_action),
            {
                "id": ints(np.arange(1, len(self.p_action) + 1)),
                "joined_at": times(p_joined),
                "action_id": ints(self.p_action + 1),
                "member_id": ints(ids[self.p_member]),
            },
        )
        # Tasks: none while initiating, else 1 + Poisson(3); lognormal effort in steps of 5 minutes.
        per = np.where(stage == INITIATE, 0, np.minimum(12, 1 + rng.poisson(3.0, A)))
        T = int(per.sum())
        t_action = np.repeat(np.arange(A), per)
        effort = np.clip(np.round(np.exp(rng.normal(np.log(40), 0.7, T)) / 5) * 5, 5, 480).astype(np.int64)
        slots = rng.choice([1, 2, 3], T, p=[0.6, 0.25, 0.15])
        moment = self.spread(created[t_action], np.where(stuck, work_end, end_work)[t_action])
        t_created = created[t_action] + (
            rng.random(T) * 0.5 * np.maximum(np.minimum(moment, now) - created[t_action], 0)
        ).astype(np.int64)
        timed = rng.random(T) < 0.85
        cancelled = rng.random(T) < 0.03
        cancelled_at = self.spread(t_created, np.full(T, now))
        past = moment < now
        # Claims: most past tasks were filled, a little over half of the future ones are so far.
        filled = np.where(past, rng.random(T) < 0.88, rng.random(T) < 0.55)
        claims = np.where(filled, slots, rng.integers(0, slots))
        claims = np.where(cancelled, 0, np.minimum(claims, self.p_count[t_action]))
        K = int(claims.sum())
        c_task = np.repeat(np.arange(T), claims)
        c_action = t_action[c_task]
        offset = (rng.random(T) * self.p_count[t_action]).astype(np.int64)
        slot = _span(claims)
        c_member = self.p_member[self.p_ptr[c_action] + (offset[c_task] + slot) % self.p_count[c_action]]
        c_done = past[c_task]
        c_created = self.spread(t_created[c_task], np.minimum(moment[c_task], now))
        c_finished = np.minimum(moment[c_task] + effort[c_task] * 60, now - 60)
        np.minimum.at(self.earliest, c_member, c_created)
        self.t_action, self.t_effort = t_action, effort
        self.c_task, self.c_member, self.c_done, self.c_finished = c_task, c_member, c_done, c_finished
        self.load(
            Task,
            T,
            {
                "id": ints(np.arange(1, T + 1)),
                "created_at": times(t_created),
                "updated_at": times(np.where(cancelled, cancelled_at, t_created)),
                "title": coded(rng.integers(0, len(TASK_TITLES), T), TASK_TITLES),
                "effort_minutes": ints(effort),
                "slots": ints(slots),
                "taken": ints(claims),
                "deadline": times(moment, ~timed),
                "starts_at": times(moment, timed),
                "ends_at": times(moment + effort * 60, timed),
                "action_id": ints(t_action + 1),
                "created_by_id": ints(ids[starter[t_action]]),
                "cancelled_at": times(cancelled_at, cancelled),
            },
        )
        self.load(
            Claim,
            K,
            {
                "id": ints(np.arange(1, K + 1)),
                "created_at": times(c_created),
                "updated_at": times(np.where(c_done, c_finished, c_created)),
                "status": coded(c_done.astype(np.int64), CLAIM_STATUSES),
                "finished_at": times(c_finished, c_done),
                "member_id": ints(ids[c_member]),
                "task_id": ints(c_task + 1),
            },
        )

    def contributions(self) -> None:
        """Contributions with their beneficiaries and thanks.

        Drawn in giver order (by action, then by member), where every look-up of a member's group
        or weights stays in cache, then put in order of time once: ids follow time to the hour,
        as on a live site.
        """
        self.say("drawing contributions")
        rng, M, N, now = self.rng, self.M, self.N, self.now
        # 1. The done claims, each recorded as a contribution of about the task's effort.
        done = np.flatnonzero(self.c_done)
        linked = min(len(done), int(0.3 * M))
        if linked < len(done):
            done = np.sort(rng.choice(done, linked, replace=False))
        task = self.c_task[done]
        a1 = self.t_action[task]
        minutes1 = np.clip(np.round(self.t_effort[task] * rng.lognormal(0.0, 0.15, linked)), 1, 1440)
        # 2. Other work inside actions, by their participants, during the action.
        inside = max(0, min(M - linked, round(0.5 * M) - linked))
        weight = self.p_count * (self.act_work_end > self.act_created)
        per = rng.multinomial(inside, weight / weight.sum()) if inside and weight.sum() else np.zeros(self.A, int)
        a2 = np.repeat(np.arange(self.A), per)
        n2 = len(a2)
        giver2 = self.p_member[self.p_ptr[a2] + (rng.random(n2) * self.p_count[a2]).astype(np.int64)]
        time2 = self.spread(self.act_created[a2], self.act_work_end[a2])
        # 3. Everything else: anyone by activity (drawn in member order), at home or (two times in
        # five) in their second community.
        n3 = M - linked - n2
        giver3 = np.searchsorted(self.give, self.sorted_uniform(n3) * self.give[-1], side="right") - 1
        giver3 = np.clip(giver3, 0, N - 1)
        cross3 = (self.second[giver3] >= 0) & (rng.random(n3) < 0.4)
        since = np.where(cross3, self.join2[giver3], self.join[giver3])
        time3 = self.spread(since, np.full(n3, now))
        giver = np.concatenate([self.c_member[done], giver2, giver3])
        happened = np.concatenate([self.c_finished[done], time2, time3])
        np.minimum.at(self.earliest, giver[: linked + n2], happened[: linked + n2])
        action = np.concatenate([a1, a2, np.full(n3, -1)])
        home3 = np.where(cross3, self.second[giver3], self.home[giver3])
        community = np.concatenate([self.act_comm[a1], self.act_comm[a2], home3])
        cross = np.concatenate([np.zeros(linked + n2, dtype=bool), cross3])
        del giver2, giver3, time2, time3, since, home3, cross3
        minutes = np.concatenate(
            [minutes1, np.clip(np.round(np.exp(rng.normal(np.log(60), 0.55, n2 + n3)) / 15) * 15, 15, 240)]
        ).astype(np.int64)
        group = self.group[giver]
        favourite = np.where(action >= 0, self.act_category[np.maximum(action, 0)], self.gfavourite[group])
        category = self.categories(favourite, 0.55)
        del favourite
        task_all = np.concatenate([task, np.full(n2 + n3, -1)])
        claim_all = np.concatenate([done, np.full(n2 + n3, -1)])
        # In order of time (to the hour: a radix sort), ids from 1. Written now; beneficiaries and
        # thanks are drawn meanwhile, still in giver order, and put in the same order.
        order = self.time_order(happened)
        self.happened = happened[order]
        ids = self.ids
        ordered = {"action": action[order], "task": task_all[order], "claim": claim_all[order]}
        self.load(
            Contribution,
            M,
            {
                "id": ints(np.arange(1, M + 1)),
                "created_at": times(self.happened),
                "updated_at": times(self.happened),
                "minutes": ints(minutes[order]),
                "category": coded(category[order], CATEGORIES),
                "happened_at": times(self.happened),
                "action_id": ints(ordered["action"] + 1, ordered["action"] >= 0),
                "claim_id": ints(ordered["claim"] + 1, ordered["claim"] >= 0),
                "community_id": ints(community[order] + 1),
                "contributor_id": ints(ids[giver[order]]),
                "task_id": ints(ordered["task"] + 1, ordered["task"] >= 0),
            },
        )
        del minutes, category, action, claim_all, task_all, ordered

        self.say("drawing beneficiaries")
        # 85% of the beneficiaries in the giver's group, the rest in the community (the second
        # community's, for contributions made there). 8% to the commons, 7% to 2-3 members.
        # Of those in the group, most go to one of the giver's regular partners.
        where = rng.random(M)
        in_group = ~cross & (where < 0.85)
        lo = np.where(in_group, self.gstart[group], self.cstart[community])
        hi = lo + np.where(in_group, self.gsize[group], self.csize[community])
        draw = rng.random(M)
        wanted = np.where(draw < 0.08, 0, np.where(draw < 0.15, 2 + (rng.random(M) < 0.4), 1))
        partner = np.full(M, -1, dtype=np.int64)
        rows = np.flatnonzero(in_group & (where < 0.6) & (wanted > 0) & (self.mate_count[giver] > 0))
        mates = self.mate_count[giver[rows]]
        partner[rows] = self.mate[self.mate_ptr[giver[rows]] + (rng.random(len(rows)) * mates).astype(np.int64)]
        del in_group, cross, community, where, rows, mates
        benefit = self.several(wanted, lo, hi, giver, [partner])
        del lo, hi, partner
        self.load_pairs(ContributionBeneficiary, [column[order] for column in benefit], {})

        self.say("drawing thanks")
        # 40% thanked, by one to three members: the (first) beneficiary, else someone of the group.
        draw = rng.random(M)
        thanked = rng.random(M) < 0.4
        how_many = np.where(thanked, 1 + (draw > 0.8) + (draw > 0.95), 0)
        lo = self.gstart[group]
        hi = lo + self.gsize[group]
        first = np.where(thanked, benefit[0], -1)
        del benefit, draw, thanked, group
        thanker = self.several(how_many, lo, hi, giver, [first])
        del lo, hi, how_many, first
        self.load_pairs(Thanks, [column[order] for column in thanker], {"delay": True})

    def several(
        self, wanted: np.ndarray, lo: np.ndarray, hi: np.ndarray, giver: np.ndarray, given: list[np.ndarray]
    ) -> list[np.ndarray]:
        """Up to three distinct members in lo..hi per row, none the giver: `wanted` of them, the
        first taken from `given` where that has one."""
        chosen: list[np.ndarray] = []
        for slot in range(3):
            column = np.full(len(wanted), -1, dtype=np.int64)
            if slot < len(given):
                column[:] = given[slot]
            rows = np.flatnonzero((wanted > slot) & (column < 0) & (chosen[-1] >= 0 if chosen else True))
            earlier = [giver[rows]] + [previous[rows] for previous in chosen]
            column[rows] = self.pick_other(self.receive, lo[rows], hi[rows], earlier)
            chosen.append(column)
        return chosen

    def load_pairs(self, model: type[models.Model], members: list[np.ndarray], options: dict) -> None:
        """Rows (contribution, member) for the members of each contribution, sorted by member."""
        ids = np.append(self.ids, -1)  # -1 (nobody) stays -1
        a, b, c = (ids[column] for column in members)
        a, b = np.minimum(a, b), np.maximum(a, b)
        b, c = np.minimum(b, c), np.maximum(b, c)
        a, b = np.minimum(a, b), np.maximum(a, b)
        flat = np.stack([a, b, c], axis=1).ravel()
        del a, b, c
        keep = flat >= 0
        which = np.repeat(np.arange(len(members[0]), dtype=np.int64), 3)[keep]
        member = flat[keep]
        count = len(member)
        columns = {
            "id": ints(np.arange(1, count + 1)),
            "contribution_id": ints(which + 1),
            "member_id": ints(member),
        }
        if options.get("delay"):
            delay = (self.rng.exponential(1.5 * DAY, count) + 60).astype(np.int64)
            columns["created_at"] = times(np.minimum(self.happened[which] + delay, self.now))
        self.load(model, count, columns)

    def time_order(self, moments: np.ndarray) -> np.ndarray:
        """A permutation putting the moments in order to the hour (coarser if they span > 7 years)."""
        if not len(moments):
            return np.arange(0)
        low = int(moments.min())
        step = HOUR
        while (int(moments.max()) - low) // step >= 1 << 16:
            step *= 2
        return np.argsort(((moments - low) // step).astype(np.uint16), kind="stable")

    def sorted_uniform(self, size: int) -> np.ndarray:
        """`size` uniform numbers in [0, 1), already in increasing order (spacings are exponential)."""
        gaps = self.rng.standard_exponential(size + 1)
        total = np.cumsum(gaps)
        return total[:-1] / total[-1]

    def people(self) -> None:
        """Members: joined before anything they did."""
        self.say("writing members")
        rng, N = self.rng, self.N
        self.joined = np.minimum(self.join, self.earliest - HOUR)
        order = np.argsort(self.ids)  # internal index of each id 1..N
        ids = np.arange(1, N + 1, dtype=np.int64)
        email = np.strings.add(np.strings.add(b"m", ids.astype(np.bytes_)), b"@bench.invalid")
        first = np.array([name.encode() for name in FIRST_NAMES], dtype=np.bytes_)[rng.integers(0, len(FIRST_NAMES), N)]
        initial = np.array([f" {letter}.".encode() for letter in SURNAME_INITIALS], dtype=np.bytes_)
        name = np.strings.add(first, initial[rng.integers(0, len(initial), N)])
        self.cplace = rng.integers(0, len(PLACES), self.C)
        joined = self.joined[order]
        self.load(
            Member,
            N,
            {
                "id": ints(ids),
                "email": text(email),
                "display_name": text(name),
                "email_confirmed_at": times(joined + 600),
                "language": coded((rng.random(N) < 0.3).astype(np.int64), LANGUAGES),
                "municipality": coded(self.cplace[self.home[order]], PLACES),
                "date_joined": times(joined),
            },
            overrides={"password": "!"},
        )

    def trust(self) -> None:
        self.say("drawing trust")
        rng, N, now = self.rng, self.N, self.now
        out = rng.poisson(2.25, N)
        truster = np.repeat(np.arange(N, dtype=np.int64), out)
        group = self.group[truster]
        in_group = rng.random(len(truster)) < 0.8
        comm = self.home[truster]
        lo = np.where(in_group, self.gstart[group], self.cstart[comm])
        hi = lo + np.where(in_group, self.gsize[group], self.csize[comm])
        trusted = self.pick_other(self.trusted_weight, lo, hi, [truster])
        ok = trusted >= 0
        truster, trusted = truster[ok], trusted[ok]
        since = np.maximum(self.joined[truster], self.joined[trusted])
        given = self.spread(since, np.full(len(truster), now))
        back = rng.random(len(truster)) < 1 / 3
        returned = self.spread(given[back], np.full(int(back.sum()), now))
        a = np.concatenate([truster, trusted[back]])
        b = np.concatenate([trusted, truster[back]])
        when = np.concatenate([given, returned])
        first = _first_of_each(a * N + b)  # one trust per pair
        a, b, when = a[first], b[first], when[first]
        order = self.time_order(when)
        a, b, when = a[order], b[order], when[order]
        count = len(a)
        withdrawn = rng.random(count) < 0.02
        withdrawn_at = self.spread(when, np.full(count, now))
        standing = ~withdrawn
        self.trusted_by = np.bincount(b[standing], minlength=N)
        self.load(
            Trust,
            count,
            {
                "id": ints(np.arange(1, count + 1)),
                "created_at": times(when),
                "withdrawn_at": times(withdrawn_at, withdrawn),
                "community_id": ints(self.home[a] + 1),
                "trusted_id": ints(self.ids[b]),
                "truster_id": ints(self.ids[a]),
            },
        )

    def memberships(self) -> None:
        self.say("writing communities and memberships")
        rng, N, C = self.rng, self.N, self.C
        # Stewards: trusted by enough fellow members (communities of 40 or more ask for 8).
        threshold = np.where(self.csize >= 40, 8, 3)
        steward = self.trusted_by >= threshold[self.home]
        founder = self.cstart  # the first member of each community created it
        steward[founder] |= True
        created = np.minimum.reduceat(self.joined, self.cstart) - DAY
        self.load(
            Community,
            C,
            {
                "id": ints(np.arange(1, C + 1)),
                "created_at": times(created),
                "updated_at": times(created),
                "name": text(
                    np.array(
                        [
                            f"{PLACES[place]} {KINDS[index % len(KINDS)]} {index + 1}".encode()
                            for index, place in enumerate(self.cplace.tolist())
                        ],
                        dtype=np.bytes_,
                    )
                ),
                "slug": text(
                    np.array(
                        [
                            f"{PLACES[place].lower().replace('ä', 'a').replace('ö', 'o')}-{index + 1}".encode()
                            for index, place in enumerate(self.cplace.tolist())
                        ],
                        dtype=np.bytes_,
                    )
                ),
                "municipality": coded(self.cplace, PLACES),
                "created_by_id": ints(self.ids[founder]),
                "trust_threshold": ints(np.full(C, 8), self.csize >= 40),
            },
        )
        has = np.flatnonzero(self.second >= 0)
        member = np.concatenate([np.arange(N), has])
        community = np.concatenate([self.home, self.second[has]])
        joined = np.concatenate([self.joined, np.maximum(self.join2[has], self.joined[has])])
        is_steward = np.concatenate([steward, np.zeros(len(has), dtype=bool)])
        order = self.time_order(joined)
        count = len(member)
        self.load(
            Membership,
            count,
            {
                "id": ints(np.arange(1, count + 1)),
                "created_at": times(joined[order]),
                "updated_at": times(joined[order]),
                "joined_at": times(joined[order]),
                "community_id": ints(community[order] + 1),
                "member_id": ints(self.ids[member[order]]),
                "is_steward": bools(is_steward[order]),
            },
        )
        del rng

    def assessments(self) -> None:
        self.say("drawing assessments")
        rng = self.rng
        closed = np.flatnonzero((self.act_stage == CLOSED) & (rng.random(self.A) < 0.6))
        available = self.p_count[closed]
        many = 1 + rng.binomial(np.maximum(np.minimum(available, 4) - 1, 0), 0.5)
        many = np.minimum(many, available)
        action = np.repeat(closed, many)
        offset = np.repeat((rng.random(len(closed)) * available).astype(np.int64), many)
        slot = _span(many)
        assessor = self.p_member[self.p_ptr[action] + (offset + slot) % self.p_count[action]]
        closed_at = self.act_closed_at[action]
        when = closed_at - 14 * DAY + (rng.random(len(action)) * 14 * DAY).astype(np.int64)
        count = len(action)
        self.load(
            Assessment,
            count,
            {
                "id": ints(np.arange(1, count + 1)),
                "created_at": times(when),
                "updated_at": times(when),
                "value_in_use": ints(rng.choice([1, 2, 3, 4, 5], count, p=[0.03, 0.05, 0.14, 0.38, 0.40])),
                "action_id": ints(action + 1),
                "assessor_id": ints(self.ids[assessor]),
            },
        )


def generate_network(
    *,
    conninfo: str,
    members: int,
    contributions: int,
    communities: int | None = None,
    seed: int = 2026,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> dict:
    """Fill an empty, migrated database with a generated network; row counts and timings.

    `conninfo` is a libpq connection string or URL, or `sqlite:///path` for a small SQLite one.
    The history runs over the two years before `now` (default: the current hour, UTC).
    """
    if members < 2:
        raise ValueError("members must be at least 2")
    if contributions < 0:
        raise ValueError("contributions must not be negative")
    count = communities if communities is not None else max(1, round(members / 500))
    if not 1 <= count <= members:
        raise ValueError("communities must be between 1 and the number of members")
    moment = now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    say: Progress = progress or (lambda _message: None)
    started = time.perf_counter()
    sink: Sink
    if conninfo.startswith("sqlite:"):
        sink = SqliteSink(conninfo.removeprefix("sqlite:").removeprefix("///"), say)
    else:
        sink = PostgresSink(conninfo, say)
    sink.begin()
    network = Network(sink, members, contributions, count, seed, int(moment.timestamp()), say)
    try:
        generated = time.perf_counter()
        network.run()
        generated = time.perf_counter() - generated
    except BaseException:
        sink.abort()
        raise
    sink.finish(network.counts)
    total = time.perf_counter() - started
    rows = sum(network.counts.values())
    say(f"done: {rows:,} rows in {total:.1f} s")
    return {
        "members": members,
        "contributions": contributions,
        "communities": count,
        "groups": network.G,
        "seed": seed,
        "now": moment.isoformat(),
        "rows": dict(network.counts),
        "rows_total": rows,
        "seconds": {table: round(seconds, 2) for table, seconds in sink.seconds.items()},
        "index_seconds": {table: round(seconds, 2) for table, seconds in sink.index_seconds.items()},
        "foreign_key_seconds": {table: round(seconds, 2) for table, seconds in sink.fk_seconds.items()},
        "stages": {"draw": round(generated, 2), **{name: round(s, 2) for name, s in sink.stages.items()}},
        "total_seconds": round(total, 2),
        "rows_per_second": round(rows / total) if total else 0,
    }
