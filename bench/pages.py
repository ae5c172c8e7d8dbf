"""Server time of the busiest pages on a large community, against the framework's floor.

    .venv/bin/python bench/pages.py [--scale 1.0] [--db sqlite|postgres|both] [--requests 50] [--fresh]

Generates (or reuses) a community of 5,000 members, 20,000 actions, 100,000 tasks and 1,000,000
contributions (times --scale), then asks each page --requests times as a signed-in member and,
interleaved, a bare view that renders as many rows from one query (bench/floor.py). Prints median
and p95 server time and writes every figure to var/bench/pages.json. Each database runs in its own
process, because settings are fixed per process. See bench/README.md.
"""

import argparse
import gc
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import BENCH_DIR, PG_SERVER, ROOT, child_env, postgres_unreachable  # noqa: E402

SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
# A second checkout benchmarking beside this one names its own database.
PG_NAME = os.environ.get("BENCH_PG_DATABASE", "talkoot_bench")
TARGET = 3.0  # a page's median within this many times the floor's
WARMUP = 5
MAX_CACHE_AGE = timedelta(days=7)  # future tasks turn into past ones as the data ages
# label, URL name, the rows the floor reads for it
PAGES = [
    ("For you", "actions:for_you", "tasks"),
    ("Community", "communities:detail", "actions"),
    ("Action", "actions:detail", "tasks"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (default 1.0)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the data even if it is cached")
    parser.add_argument("--explain", action="store_true", help="print the plan of each page's slowest query")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)  # one moment for both databases' data
    args = parser.parse_args()
    if args.scale <= 0 or args.requests < 2:
        parser.error("--scale must be positive and --requests at least 2")
    return run_child(args) if args.child else run_parent(args)


# --- The parent: one process per database, one table at the end -----------------------------------


def run_parent(args) -> int:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    report: dict = {"meta": _meta(args), "databases": {}, "pages": []}
    now = datetime.now(UTC).replace(second=0, microsecond=0).isoformat()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if db == "postgres" and (reason := postgres_unreachable()):
            print(f"postgres: skipped: {reason}")
            report["databases"][db] = {"skipped": reason}
            continue
        out = BENCH_DIR / f"{db}.json"
        out.unlink(missing_ok=True)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", db, "--scale", str(args.scale)]
        command += ["--requests", str(args.requests), "--now", now]
        command += ["--fresh"] * args.fresh + ["--explain"] * args.explain
        print(f"== {db}", flush=True)
        code = subprocess.call(command, env=_child_env(db), cwd=ROOT)  # noqa: S603
        if code != 0:
            print(f"{db}: the benchmark failed (exit status {code})", file=sys.stderr)
            return code
        result = json.loads(out.read_text())
        report["databases"][db] = result["database"]
        report["pages"] += result["pages"]
    _print_table(report)
    path = BENCH_DIR / "pages.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nAll figures: {path.relative_to(ROOT)}")
    return 0


def _child_env(db: str) -> dict[str, str]:
    return child_env(f"sqlite:///{SQLITE_PATH}" if db == "sqlite" else f"{PG_SERVER}/{PG_NAME}")


def _git(*arguments: str) -> str:
    try:
        return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603, S607
    except (OSError, subprocess.CalledProcessError):
        return ""


def _meta(args) -> dict:
    import django

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "requests_per_page": args.requests,
        "warmup_requests": WARMUP,
        "target_ratio": TARGET,
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("--no-optional-locks", "status", "--porcelain", "--untracked-files=no")),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
    }


def _print_table(report: dict) -> None:
    header = ("page", "db", "median ms", "p95 ms", "queries", "SQL ms", "rows", "KiB", "floor median ms", "ratio")
    header += ("within 3x",)
    lines = [header]
    for page in report["pages"]:
        if page.get("skipped"):
            lines.append((page["page"], page["db"], "skipped: " + page["skipped"], *[""] * 8))
            continue
        floor = page["floor"]
        lines.append(
            (
                page["page"],
                page["db"],
                f"{page['median_ms']:.1f}",
                f"{page['p95_ms']:.1f}",
                str(page["queries"]),
                f"{page['query_ms']:.1f}",
                str(page["rows_shown"]),
                f"{page['bytes'] / 1024:.0f}",
                f"{floor['median_ms']:.1f}",
                f"{page['ratio']:.2f}",
                "yes" if page["within_target"] else "NO",
            )
        )
    widths = [max(len(line[i]) for line in lines if not line[2].startswith("skipped")) for i in range(len(header))]
    print()
    for db, info in report["databases"].items():
        if info.get("skipped"):
            print(f"{db}: skipped: {info['skipped']}")
        else:
            how = "cached data" if info["cached"] else "generated now"
            print(
                f"{db}: load {info['load_seconds']:.0f} s ({how}, generated {info['generated_at']}), {info['server']}"
            )
    print()
    for line in lines:
        if line[2].startswith("skipped"):
            print(f"{line[0]:<{widths[0]}}  {line[1]:<{widths[1]}}  {line[2]}")
        else:
            print(
                "  ".join(
                    cell.ljust(width) if i < 2 else cell.rjust(width)
                    for i, (cell, width) in enumerate(zip(line, widths, strict=True))
                )
            )


# --- The child: data, then measurements, on one database -------------------------------------------


def run_child(args) -> int:
    import django

    django.setup()
    database = _prepare(args)
    pages = _measure(args, database)
    out = BENCH_DIR / f"{args.child}.json"
    out.write_text(json.dumps({"database": database, "pages": pages}, default=str))
    return 0


def _fingerprint(scale: float) -> str:
    """Changes when the schema (any migration), Django, the generator or the scale changes."""
    import django
    from django.db.migrations.loader import MigrationLoader

    from bench.community import fingerprint_source

    digest = hashlib.sha256(json.dumps([django.get_version(), fingerprint_source(scale)]).encode())
    for source in sorted([*(ROOT / "bench" / "community").glob("*.py"), ROOT / "bench" / "loader.py"]):
        digest.update(source.read_bytes())  # the generator itself
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        digest.update(repr(key).encode())
        module_file = getattr(sys.modules[loader.disk_migrations[key].__module__], "__file__", None)
        if module_file and Path(module_file).is_relative_to(ROOT):
            digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()[:16]


def _read_meta() -> dict | None:
    from django.db import connection

    if "bench_meta" not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_meta WHERE name = 'meta'")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _recreate_database(db: str) -> None:
    from django.db import connections

    connections.close_all()
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')  # type: ignore[arg-type]


def _ensure_postgres_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')  # type: ignore[arg-type]


def _prepare(args) -> dict:
    """The data for this database: reused when its fingerprint matches, else generated now."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, connections

    from bench.community import MODELS, Generator
    from bench.loader import PostgresSink, SqliteSink
    from talkoot.members.models import Skill

    db = args.child
    if db == "postgres":
        _ensure_postgres_database()
    fingerprint = _fingerprint(args.scale)
    stored = _read_meta()
    if stored and not args.fresh:
        age = datetime.now(UTC) - datetime.fromisoformat(stored["generated_at"])
        if stored["fingerprint"] == fingerprint and age < MAX_CACHE_AGE:
            print(f"{db}: reusing the data generated {stored['generated_at']} (fingerprint {fingerprint})")
            return {**stored, "cached": True, "server": _server_version()}
        reason = "it is over a week old" if age >= MAX_CACHE_AGE else "the schema, generator or scale changed"
        print(f"{db}: regenerating the data: {reason}")
    _recreate_database(db)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    skill_ids = dict(Skill.objects.values_list("slug", "id"))
    connections.close_all()  # the loader works alone on its own connection
    tables = [model._meta.db_table for model in MODELS]
    sink = SqliteSink(SQLITE_PATH, tables) if db == "sqlite" else PostgresSink(f"{PG_SERVER}/{PG_NAME}", tables)
    sink.begin()
    now = datetime.fromisoformat(args.now) if args.now else None
    targets = Generator(sink, args.scale, now).run(skill_ids)
    sink.finish()
    wrong = sink.scalar(
        "SELECT count(*) FROM actions_task t WHERE t.taken <> (SELECT count(*) FROM actions_claim c "
        "WHERE c.task_id = t.id AND c.status IN ('active', 'done'))"
    )
    if wrong:
        raise RuntimeError(f"{wrong} tasks have `taken` out of step with their claims")
    sink.close()
    loaded = time.perf_counter()
    if db == "postgres":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(statement)
    meta = {
        "fingerprint": fingerprint,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "migrate_seconds": round(migrated - started, 1),
        "load_seconds": round(loaded - migrated, 1),
        "table_seconds": {name: round(seconds, 1) for name, seconds in sink.seconds.items()},
        "row_counts": sink.counts,
        "targets": targets,
    }
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_meta (name varchar(20) PRIMARY KEY, value text NOT NULL)")
        cursor.execute("INSERT INTO bench_meta (name, value) VALUES (%s, %s)", ["meta", json.dumps(meta)])
    print(f"{db}: migrated in {meta['migrate_seconds']} s, generated and loaded in {meta['load_seconds']} s")
    for name, count in sink.counts.items():
        print(f"    {name:<36} {count:>9,} rows  {sink.seconds[name]:6.1f} s")
    return {**meta, "cached": False, "server": _server_version()}


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


class _RowCounter(HTMLParser):
    """Counts the outermost list items and table rows inside <main> (a card's own facts are not rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = self.depth = self.rows = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "main":
            self.in_main += 1
        elif tag in ("li", "tr") and self.in_main:
            self.rows += self.depth == 0
            self.depth += 1

    def handle_endtag(self, tag) -> None:
        if tag == "main":
            self.in_main -= 1
        elif tag in ("li", "tr") and self.in_main and self.depth:
            self.depth -= 1


def rows_shown(html: bytes) -> int:
    """The rows a page shows, which the floor renders as many of: outermost <li>/<tr> in <main>."""
    counter = _RowCounter()
    counter.feed(html.decode())
    counter.close()
    return max(1, counter.rows)


def _get(client, url: str) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200: the benchmark measures working pages")
    return elapsed, response


def _replayed(captured: list[dict]) -> list[dict]:
    """Each query of the page run again with all its rows fetched, slowest first.

    The debug cursor times `execute` only; SQLite hands rows over lazily during the fetch, so its
    captured times miss most of the work. Replaying the captured SQL (parameters already inlined)
    times both, on either database. A query that cannot be replayed keeps its captured time.
    """
    from django.db import connection

    timed = []
    for query in captured:
        sql = query["sql"]
        try:
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                ms = (time.perf_counter() - started) * 1000
        except Exception:  # e.g. a savepoint or a statement whose inlined text is not valid SQL
            ms = float(query["time"]) * 1000
        timed.append({"ms": round(ms, 2), "sql": sql})
    return sorted(timed, key=lambda query: -query["ms"])


def _plan(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
    except Exception as error:  # the captured SQL is not always runnable as text
        return f"(no plan: {error})"


def _summary(times: list[float]) -> dict:
    ms = [t * 1000 for t in times]
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(statistics.quantiles(ms, n=20, method="inclusive")[18], 2),
        "min_ms": round(min(ms), 2),
    }


def _measure(args, database: dict) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import NoReverseMatch, reverse

    from talkoot.members.models import Member

    targets = database["targets"]
    kwargs = {"slug": targets["community_slug"]}
    client = Client()
    client.force_login(Member.objects.get(pk=targets["viewer_id"]))
    results = []
    with override_settings(ROOT_URLCONF="bench.floor"):
        for label, name, kind in PAGES:
            try:
                extra = {"action_id": targets["action_id"]} if name == "actions:detail" else {}
                url = reverse(name, kwargs={**kwargs, **extra})
            except NoReverseMatch:
                print(f"  {label}: skipped: not built yet")
                results.append({"page": label, "url_name": name, "db": args.child, "skipped": "not built yet"})
                continue
            for _ in range(WARMUP):
                _get(client, url)
            with CaptureQueriesContext(connection) as queries:
                _elapsed, response = _get(client, url)
            # Copied now: the next request's request_started signal empties the log the context reads.
            page_queries = list(queries.captured_queries)
            rows = rows_shown(response.content)  # type: ignore[attr-defined]
            floor_url = reverse("bench_floor", kwargs={"kind": kind, "rows": rows})
            for _ in range(WARMUP):
                _get(client, floor_url)
            with CaptureQueriesContext(connection) as floor_queries:
                _elapsed, floor_response = _get(client, floor_url)
            floor_query_count = len(floor_queries.captured_queries)
            gc.collect()
            page_times, floor_times = [], []
            for _ in range(args.requests):  # interleaved, so drift in the machine hits both alike
                page_times.append(_get(client, url)[0])
                floor_times.append(_get(client, floor_url)[0])
            timed = _replayed(page_queries)
            page, floor = _summary(page_times), _summary(floor_times)
            ratio = page["median_ms"] / floor["median_ms"]
            result = {
                "page": label,
                "url_name": name,
                "url": url,
                "db": args.child,
                **page,
                "queries": len(page_queries),
                "query_ms": round(sum(query["ms"] for query in timed), 2),
                "bytes": len(response.content),  # type: ignore[attr-defined]
                "rows_shown": rows,
                "slowest_queries": [{"ms": query["ms"], "sql": query["sql"][:50000]} for query in timed[:3]],
                "all_queries_ms": [query["ms"] for query in timed],
                "slowest_plan": _plan(timed[0]["sql"]) if timed else "",
                "floor": {
                    "url": floor_url,
                    **floor,
                    "queries": floor_query_count,
                    "bytes": len(floor_response.content),  # type: ignore[attr-defined]
                },
                "ratio": round(ratio, 2),
                "within_target": ratio <= TARGET,
            }
            results.append(result)
            print(
                f"  {label}: median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms,"
                f" {len(page_queries)} queries, {rows} rows; floor {floor['median_ms']:.1f} ms; ratio {ratio:.2f}",
                flush=True,
            )
            if args.explain and timed:
                print(f"    slowest query ({timed[0]['ms']} ms): {timed[0]['sql'][:300]}")
                print("    " + result["slowest_plan"].replace("\n", "\n    "))
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
