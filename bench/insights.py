"""Speed and memory of the insights on large generated networks, against a networkx baseline.

    .venv/bin/python bench/insights.py [--scale small|medium|large|full] [--fresh] [--stages]

For each scale: a PostgreSQL database talkoot_insights_bench_<scale> (migrated, then filled by
talkoot.insights.generator; reused while the migrations, the generator and the scale are unchanged
and the data is under a week old), then the real `manage.py insights --format json` in a child
process, timed (wall) and measured (peak resident memory of that child alone), and at the small and
medium scales bench/networkx_baseline.py, the same measures the straightforward way, timed the same
way. Prints a table and writes every figure to var/bench/insights.json. See bench/README.md.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import BENCH_DIR, PG_SERVER, ROOT, child_env, git_commit, postgres_unreachable  # noqa: E402

DB_PREFIX = "talkoot_insights_bench_"
SEED = 2026
MAX_CACHE_AGE = timedelta(days=7)  # the history runs up to the moment of generation
SCALES = {  # members, contributions
    "small": (10_000, 100_000),
    "medium": (100_000, 1_000_000),
    "large": (1_000_000, 10_000_000),
}
FULL = ["medium", "large"]
BASELINE_AT = {"small", "medium"}  # the baseline would take hours at the large scale
# What each scale is meant to meet (figures only: a benchmark is not a test).
GOALS = {
    "small": {"run_s": 120},
    "medium": {"insights_s": 10, "speedup": 15},
    "large": {"insights_s": 120, "peak_mib": 6 * 1024, "generate_s": 180},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=[*SCALES, "full"], default="full", help="full = medium + large")
    parser.add_argument("--fresh", action="store_true", help="regenerate the data even if it is cached")
    parser.add_argument("--no-baseline", action="store_true", help="skip the networkx baseline")
    parser.add_argument("--stages", action="store_true", help="also time each stage of the insights in-process")
    parser.add_argument("--child-stages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_stages:
        return child_stages()
    if reason := postgres_unreachable():
        print(f"The insights benchmark needs PostgreSQL: {reason}", file=sys.stderr)
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "test")
    import django

    django.setup()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    scales = FULL if args.scale == "full" else [args.scale]
    meta = _meta(args)
    path = BENCH_DIR / "insights.json"
    # Figures of the scales not run now stay, each with the date and commit it was measured at.
    try:
        kept = [entry for entry in json.loads(path.read_text())["scales"] if entry["scale"] not in scales]
    except (OSError, ValueError, KeyError, TypeError):
        kept = []
    report = {"meta": meta, "scales": kept}
    results = []
    for scale in scales:
        print(f"== {scale}: {SCALES[scale][0]:,} members, {SCALES[scale][1]:,} contributions", flush=True)
        result = {"measured_at": meta["date"], "git_commit": meta["git_commit"], **run_scale(scale, args)}
        results.append(result)
        report["scales"] = sorted(kept + results, key=lambda entry: list(SCALES).index(entry["scale"]))
        path.write_text(json.dumps(report, indent=2, default=str))  # what we have so far
    _print_table(results)
    print(f"\nAll figures: {path.relative_to(ROOT)}")
    return 0


# --- One scale ---------------------------------------------------------------------------------


def run_scale(scale: str, args) -> dict:
    started = time.perf_counter()
    members, contributions = SCALES[scale]
    name = DB_PREFIX + scale
    url = f"{PG_SERVER}/{name}"
    result: dict = {"scale": scale, "database": name, "members": members, "contributions": contributions}
    result["data"] = prepare(scale, name, url, args.fresh)
    out = BENCH_DIR / f"insights-{scale}.json"
    command = [sys.executable, str(ROOT / "manage.py"), "insights", "--format", "json"]
    measured = run_measured(command, child_env(url), out)
    result["insights"] = measured | _check_report(out)
    print(
        f"  insights: {measured['wall_s']:.1f} s wall, {measured['peak_mib']:,.0f} MiB peak"
        f" ({result['insights']['keys']} keys{'' if result['insights']['ok'] else ', NOT a full report'})",
        flush=True,
    )
    if args.stages:
        stages = run_measured([sys.executable, str(Path(__file__).resolve()), "--child-stages"], child_env(url), None)
        result["stages"] = json.loads(stages.pop("stdout") or "{}")
        print("  stages (in-process): " + ", ".join(f"{k} {v:.2f}" for k, v in result["stages"].items()), flush=True)
    if scale in BASELINE_AT and not args.no_baseline:
        base_out = BENCH_DIR / f"baseline-{scale}.json"
        command = [sys.executable, str(ROOT / "bench" / "networkx_baseline.py"), "--out", str(base_out)]
        baseline = run_measured(command, child_env(url), None)
        baseline.pop("stdout", None)
        baseline["agreement"] = _agreement(out, base_out) if baseline["returncode"] == 0 else None
        result["baseline"] = baseline
        if baseline["returncode"] == 0 and measured["wall_s"]:
            result["speedup"] = round(baseline["wall_s"] / measured["wall_s"], 1)
        print(
            f"  baseline: {baseline['wall_s']:.1f} s wall, {baseline['peak_mib']:,.0f} MiB peak,"
            f" speed-up {result.get('speedup', '-')}x; {_agreement_text(baseline['agreement'])}",
            flush=True,
        )
    result["run_s"] = round(time.perf_counter() - started, 1)
    result["goals"] = _goals(scale, result)
    return result


def _fingerprint(scale: str) -> str:
    """Changes when a migration, Django, the generator or the scale changes."""
    import django

    digest = hashlib.sha256(json.dumps([django.get_version(), scale, SCALES[scale], SEED]).encode())
    sources = sorted(ROOT.glob("talkoot/*/migrations/*.py")) + [ROOT / "talkoot" / "insights" / "generator.py"]
    for source in sources:
        digest.update(str(source.relative_to(ROOT)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def prepare(scale: str, name: str, url: str, fresh: bool) -> dict:
    """The scale's database: reused when its fingerprint matches, else migrated and generated now."""
    import psycopg

    from talkoot.insights.generator import generate_network

    fingerprint = _fingerprint(scale)
    stored = None if fresh else _stored_meta(url)
    if stored:
        age = datetime.now(UTC) - datetime.fromisoformat(stored["generated_at"])
        if stored["fingerprint"] == fingerprint and age < MAX_CACHE_AGE:
            print(f"  reusing the data generated {stored['generated_at']} (fingerprint {fingerprint})", flush=True)
            return {**stored, "cached": True}
        why = "it is over a week old" if age >= MAX_CACHE_AGE else "the schema, generator or scale changed"
        print(f"  regenerating: {why}", flush=True)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    started = time.perf_counter()
    migrate = [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "--skip-checks", "-v", "0"]
    subprocess.run(migrate, env=child_env(url), cwd=ROOT, check=True)  # noqa: S603
    migrate_s = round(time.perf_counter() - started, 1)
    members, contributions = SCALES[scale]
    last = [0.0]

    def progress(message: str) -> None:
        if sys.stdout.isatty():
            now = time.perf_counter() - started - migrate_s
            if now - last[0] > 0.2 or message.startswith("done"):
                last[0] = now
                print(f"\r\033[K  {now:6.1f} s  {message}", end="", flush=True)

    generated = generate_network(
        conninfo=url, members=members, contributions=contributions, seed=SEED, progress=progress
    )
    if sys.stdout.isatty():
        print()
    meta = {
        "fingerprint": fingerprint,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "migrate_s": migrate_s,
        "generate_s": generated["total_seconds"],
        "rows": generated["rows_total"],
        "rows_per_s": generated["rows_per_second"],
        "contributions_per_s": round(contributions / generated["total_seconds"]),
        "generator": generated,
    }
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_meta (name varchar(20) PRIMARY KEY, value text NOT NULL)")
        conn.execute("INSERT INTO bench_meta (name, value) VALUES ('meta', %s)", [json.dumps(meta)])
    print(
        f"  migrated in {migrate_s} s; generated {meta['rows']:,} rows in {meta['generate_s']:.1f} s"
        f" ({meta['rows_per_s']:,} rows/s)",
        flush=True,
    )
    return {**meta, "cached": False}


def _stored_meta(url: str) -> dict | None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            if conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0] is None:  # type: ignore[index]
                return None
            row = conn.execute("SELECT value FROM bench_meta WHERE name = 'meta'").fetchone()
    except psycopg.Error:
        return None
    return json.loads(row[0]) if row else None


def run_measured(command: list[str], env: dict[str, str], stdout_path: Path | None) -> dict:
    """Run a child; its wall time, CPU time and peak resident memory (its own, via wait4)."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as captured:
        out = stdout_path.open("wb") if stdout_path else captured
        try:
            started = time.perf_counter()
            child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=errors)  # noqa: S603
            _pid, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout_path:
                out.close()
        errors.seek(0)
        captured.seek(0)
        stderr = errors.read().decode(errors="replace")
        stdout = captured.read().decode(errors="replace")
    result = {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),  # Linux: KiB
        "returncode": child.returncode,
    }
    if not stdout_path:
        result["stdout"] = stdout
    if child.returncode != 0:
        print(f"  {' '.join(command[1:3])} failed ({child.returncode}):\n{stderr[-3000:]}", file=sys.stderr)
        result["stderr"] = stderr[-3000:]
    return result


def _check_report(path: Path) -> dict:
    from talkoot.insights.metrics import REPORT_KEYS  # pure: needs no Django set-up

    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return {"ok": False, "keys": 0, "problem": f"not JSON: {error}"}
    keys = set(data) if isinstance(data, dict) else set()
    missing = sorted(set(REPORT_KEYS) - keys)
    return {"ok": not missing and len(keys) == len(REPORT_KEYS), "keys": len(keys), "missing": missing}


def _leaves(value, prefix: str = ""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield prefix, float(value)


def _agreement(talkoot_path: Path, baseline_path: Path) -> dict:
    """How many of talkoot's numbers the baseline reproduces (to 0.1%; the clusters come from
    Leiden there and Louvain here, the bridges from sampled sources, so those may differ)."""
    ours = dict(_leaves(json.loads(talkoot_path.read_text())))
    theirs = dict(_leaves(json.loads(baseline_path.read_text())))
    compared = [key for key in ours if key in theirs and not key.startswith(("clusters.", "window", "generated"))]
    differ = [key for key in compared if abs(ours[key] - theirs[key]) > 1e-3 * max(1.0, abs(ours[key]))]
    return {"compared": len(compared), "equal": len(compared) - len(differ), "different": differ[:20]}


def _agreement_text(agreement: dict | None) -> str:
    if not agreement:
        return "no comparison"
    text = f"same numbers as talkoot on {agreement['equal']} of {agreement['compared']} figures (clusters aside)"
    return text + (f"; differ: {', '.join(agreement['different'])}" if agreement["different"] else "")


def _goals(scale: str, result: dict) -> dict:
    figures = {
        "run_s": result.get("run_s"),
        "insights_s": result["insights"]["wall_s"] if result["insights"]["returncode"] == 0 else None,
        "peak_mib": result["insights"]["peak_mib"],
        "speedup": result.get("speedup"),
        "generate_s": result["data"]["generate_s"],  # cached data: from its generation, by the same code
    }
    goals = {}
    for name, target in GOALS[scale].items():
        value = figures[name]
        met = None if value is None else (value >= target if name == "speedup" else value < target)
        goals[name] = {"target": target, "value": value, "met": met}
    goals["report_ok"] = {"target": "10 keys", "value": result["insights"]["keys"], "met": result["insights"]["ok"]}
    return goals


# --- The stages, for a profile -----------------------------------------------------------------


def child_stages() -> int:
    """Time selectors.insight_frames and metrics.report stage by stage (their progress names)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from talkoot.insights.frames import EARLIEST, Window
    from talkoot.insights.metrics import report
    from talkoot.insights.selectors import insight_frames

    stages: dict[str, float] = {}
    current = ["setup"]
    mark = [time.perf_counter()]

    def step(prefix: str):
        def call(name: str) -> None:
            now = time.perf_counter()
            stages[current[0]] = round(stages.get(current[0], 0.0) + now - mark[0], 3)
            current[0], mark[0] = f"{prefix}{name}", now

        return call

    window = Window(since=EARLIEST, until=timezone.now())
    frames = insight_frames(community=None, window=window, progress=step("read: "))
    step("")("graphs and metrics")
    report(frames, generated_at=timezone.now(), progress=step("metrics: "))
    step("")("end")
    stages.pop("end", None)
    print(json.dumps(stages))
    return 0


# --- Output ------------------------------------------------------------------------------------


def _meta(args) -> dict:
    import django

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed": SEED,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "goals": GOALS,
        "peak_memory": "ru_maxrss of the child alone (os.wait4)",
    }


def _print_table(results: list[dict]) -> None:
    header = ("scale", "members", "contributions", "generate s", "rows/s", "insights s", "peak MiB")
    header += ("baseline s", "speed-up", "goals met")
    lines = [header]
    for result in results:
        data, insights, baseline = result["data"], result["insights"], result.get("baseline")
        goals = result["goals"]
        missed = [name for name, goal in goals.items() if goal["met"] is False]
        generate = f"{data['generate_s']:.1f}" + (" (cached)" if data.get("cached") else "")
        lines.append(
            (
                result["scale"],
                f"{result['members']:,}",
                f"{result['contributions']:,}",
                generate,
                f"{data['rows_per_s']:,}",
                f"{insights['wall_s']:.1f}" if insights["returncode"] == 0 else "FAILED",
                f"{insights['peak_mib']:,.0f}",
                f"{baseline['wall_s']:.1f}" if baseline else "-",
                f"{result['speedup']}x" if result.get("speedup") else "-",
                "yes" if not missed else "NO: " + ", ".join(missed),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    for line in lines:
        print(
            "  ".join(
                cell.ljust(width) if i in (0, 9) else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )
    print()
    for result in results:
        goals = ", ".join(
            f"{name} {goal['value']} (goal {'>=' if name == 'speedup' else '<'} {goal['target']}):"
            f" {'yes' if goal['met'] else 'no' if goal['met'] is False else 'n/a'}"
            for name, goal in result["goals"].items()
            if name != "report_ok"
        )
        print(f"{result['scale']}: {goals}; whole scale {result['run_s']} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
