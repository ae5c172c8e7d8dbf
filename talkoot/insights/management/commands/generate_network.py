"""Fill the (empty, migrated) PostgreSQL database with a large generated network for the insights.

manage.py generate_network --members 1000000 --contributions 10000000 [--communities C] [--seed S]

See talkoot/insights/generator.py for what it draws and how it writes it.
"""

import sys
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from psycopg.conninfo import make_conninfo

from talkoot.insights.generator import NotEmptyError, generate_network
from talkoot.insights.progress import Progress

# libpq settings a Django OPTIONS dict may carry; the rest (pool, isolation level...) are Django's.
LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "options",
    "application_name",
    "connect_timeout",
    "service",
    "passfile",
    "target_session_attrs",
}


def conninfo_of(settings_dict: dict) -> str:
    """A libpq connection string for a Django PostgreSQL database."""
    params = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_OPTIONS and isinstance(value, str | int):
            params[key] = str(value)
    return make_conninfo(**{key: value for key, value in params.items() if value})


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Fill an empty PostgreSQL database with a large generated network of communities (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=positive, required=True, help="members (at least 2)")
        parser.add_argument("--contributions", type=int, required=True, help="contributions")
        parser.add_argument("--communities", type=positive, help="communities (default: one per 500 members)")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the random draws (default 2026)")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "generate_network needs PostgreSQL: it writes by COPY. Point DATABASE_URL at an empty, "
                    "migrated PostgreSQL database (this one is %(vendor)s)."
                )
                % {"vendor": connection.vendor}
            )
        members, contributions = options["members"], options["contributions"]
        if members < 2:
            raise CommandError(_("--members must be at least 2."))
        if contributions < 0:
            raise CommandError(_("--contributions must not be negative."))
        if options["communities"] and options["communities"] > members:
            raise CommandError(_("--communities cannot be more than --members."))
        conninfo = conninfo_of(connection.settings_dict)
        connection.close()  # the generator works on connections of its own
        progress = Progress(sys.stderr)  # one line, rewritten in place; silent unless a terminal
        lock = threading.Lock()

        def step(message: str) -> None:
            with lock:  # the load reports from two threads
                progress.step(message)

        try:
            result = generate_network(
                conninfo=conninfo,
                members=members,
                contributions=contributions,
                communities=options["communities"],
                seed=options["seed"],
                progress=step,
            )
        except NotEmptyError as error:
            raise CommandError(
                _("The table %(table)s already has rows: generate into an empty, migrated database.")
                % {"table": error.table}
            ) from None
        progress.done()
        self.stdout.write(
            _(
                "Generated %(rows)s rows in %(seconds).1f s (%(rate)s rows/s): %(members)s members, "
                "%(communities)s communities, %(contributions)s contributions."
            )
            % {
                "rows": f"{result['rows_total']:,}",
                "seconds": result["total_seconds"],
                "rate": f"{result['rows_per_second']:,}",
                "members": f"{members:,}",
                "communities": f"{result['communities']:,}",
                "contributions": f"{contributions:,}",
            }
        )
        for table, count in result["rows"].items():
            self.stdout.write(
                _("  %(table)-40s %(rows)12s rows  copy %(copy)6.1f s  indexes %(index)6.1f s")
                % {
                    "table": table,
                    "rows": f"{count:,}",
                    "copy": result["seconds"].get(table, 0.0),
                    "index": result["index_seconds"].get(table, 0.0),
                }
            )
