"""Bulk loading for the benchmark database: COPY on PostgreSQL, one executemany transaction on SQLite.

The loader works on its own connection (not Django's), so the load can switch off what a live
site needs and a bulk load does not: on PostgreSQL foreign keys and secondary indexes are dropped
and rebuilt afterwards (rebuilding validates every foreign key); on SQLite the journal and fsync
are off for the load only and `PRAGMA foreign_key_check` proves integrity at the end. Unique and
check constraints stay on during the load, so the data keeps every invariant the models declare.

Columns are taken from the models at run time: a column the generator does not fill gets the
field's default, and a new required column without one stops the load with a clear message.
"""

import json
import sqlite3
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
from django.db import models


def _plain(value):
    """A Python value both drivers store the way Django does (naive UTC datetimes, JSON as text)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


class Table:
    """One model's table: the generator's columns first, then every other column at its default."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise RuntimeError(f"{model.__name__} has no columns {sorted(unknown)}: update bench/community.py")
        self.name = model._meta.db_table
        self.model = model
        names = [fields[attname].column for attname in columns]
        defaults = []
        for attname, field in fields.items():
            if attname in columns:
                continue
            if field.db_default is not models.NOT_PROVIDED:
                continue  # the database fills it
            if field.has_default():
                defaults.append((field.column, _plain(field.get_default())))
            elif field.null:
                defaults.append((field.column, None))
            elif field.empty_strings_allowed:  # text columns: Django's own default is ""
                defaults.append((field.column, ""))
            else:
                raise RuntimeError(
                    f"{model.__name__}.{field.name} is required and has no default: teach bench/community.py to fill it"
                )
        self.columns = names + [column for column, _value in defaults]
        self.tail = tuple(value for _column, value in defaults)


class Sink:
    """Where rows go. Subclasses implement one backend."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def load(self, table: Table, rows: Iterable[tuple]) -> int:
        started = time.perf_counter()
        count = self._load(table, rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        self.seconds[table.name] = self.seconds.get(table.name, 0.0) + time.perf_counter() - started
        return count

    def _load(self, table: Table, rows: Iterable[tuple]) -> int:
        raise NotImplementedError

    def scalar(self, sql: str):
        raise NotImplementedError


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


class PostgresSink(Sink):
    def __init__(self, conninfo: str, tables: list[str]):
        super().__init__()
        self.conn = psycopg.connect(conninfo)
        self.tables = tables
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.indexes: list[str] = []

    def begin(self) -> None:
        with self.conn.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("SET synchronous_commit = off")
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.foreign_keys.append((table, name, definition))
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                # Secondary indexes only: primary keys and unique ones keep checking the data.
                cursor.execute(
                    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.indexes.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')

    def _load(self, table: Table, rows: Iterable[tuple]) -> int:
        count = 0
        tail = table.tail
        with self.conn.cursor() as cursor:
            copy_sql = f'COPY "{table.name}" ({_quoted(table.columns)}) FROM STDIN'
            with cursor.copy(copy_sql) as copy:  # type: ignore[arg-type]
                for row in rows:
                    copy.write_row(row + tail)
                    count += 1
        return count

    def finish(self) -> None:
        with self.conn.cursor() as cursor:
            for definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        self.conn.commit()
        self.conn.autocommit = True
        # What autovacuum would do soon after such a load: statistics and the visibility map.
        self.conn.execute("VACUUM ANALYZE")

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)  # type: ignore[arg-type]

    def scalar(self, sql: str):
        row = self.conn.execute(sql).fetchone()  # type: ignore[arg-type]
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()


class SqliteSink(Sink):
    def __init__(self, path: Path, tables: list[str]):
        super().__init__()
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.tables = tables
        self.indexes: list[str] = []
        sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))
        sqlite3.register_adapter(date, lambda value: value.isoformat())

    def begin(self) -> None:
        # For the load only: a crash half-way means regenerating anyway.
        for pragma in ("foreign_keys=OFF", "synchronous=OFF", "journal_mode=MEMORY", "cache_size=-262144"):
            self.conn.execute(f"PRAGMA {pragma}")
        for table in self.tables:
            indexes = self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                [table],
            ).fetchall()
            for name, definition in indexes:
                if definition.upper().startswith("CREATE UNIQUE"):
                    continue
                self.indexes.append(definition)
                self.conn.execute(f'DROP INDEX "{name}"')
        self.conn.execute("BEGIN")

    def _load(self, table: Table, rows: Iterable[tuple]) -> int:
        tail = table.tail
        marks = ", ".join("?" * len(table.columns))
        cursor = self.conn.executemany(
            f'INSERT INTO "{table.name}" ({_quoted(table.columns)}) VALUES ({marks})',  # noqa: S608
            (row + tail for row in rows),
        )
        return cursor.rowcount

    def finish(self) -> None:
        for definition in self.indexes:
            self.conn.execute(definition)
        self.conn.execute("COMMIT")
        broken = self.conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if broken:
            raise RuntimeError(f"Generated data breaks foreign keys: {broken}")
        # Back to what the site runs with (config/settings.py sets it on every connection, too).
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)

    def scalar(self, sql: str):
        row = self.conn.execute(sql).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()
