"""The API under load: gunicorn with one sync worker on PostgreSQL, driven by wrk, against a floor.

    .venv/bin/python bench/http.py [--seconds 20] [--connections 20]

A fresh database talkoot_http_bench gets the demo community and, for the claims, a task with one
free slot for every request wrk could make. gunicorn (one sync worker, WSGI, Redis for the cache and
rate limits, background tasks queued in the database as in production) serves the site with two bare
django-ninja endpoints beside it (bench/http_floor.py). wrk, a separate process on 127.0.0.1, loads
each endpoint in turn for --seconds with --connections connections: the bare read (20 rows), the task
list (20 rows, with a token), the bare insert, and the claim (a fresh task each request). Prints
requests per second and latency percentiles and writes them to var/bench/http.json.

Goals: the task list at least 30% of the bare read's requests per second, the claim at least 20% of
the bare insert's, and p99 under 300 ms for both.
"""

import sys
from pathlib import Path

# This file has the standard library's `http` name: its own folder must not shadow that package.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    BENCH_DIR,
    PG_SERVER,
    ROOT,
    child_env,
    free_port,
    git_commit,
    machine,
    postgres_unreachable,
    wait_for_server,
)

DB_NAME = os.environ.get("BENCH_HTTP_DATABASE", "talkoot_http_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DEMO_EMAIL = "aino.virtanen@example.org"
GOALS = {"list_ratio": 0.30, "claim_ratio": 0.20, "p99_ms": 300}
CLAIMS_PER_SECOND_CEILING = 1500  # fresh tasks made per second of load: more than one worker can claim
WRK_THREADS = 2

CLAIM_SCRIPT = """
-- A fresh task for each request: thread k takes tasks first + k, first + k + threads, ...
local made = 0
function setup(thread)
  thread:set("offset", made)
  made = made + 1
end
local first = tonumber(os.getenv("BENCH_FIRST_TASK"))
local threads = tonumber(os.getenv("BENCH_THREADS"))
local path = os.getenv("BENCH_CLAIM_PATH")
local n = 0
function request()
  local id = first + offset + n * threads
  n = n + 1
  return wrk.format("POST", string.format(path, id), nil, "{}")
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # the child that fills the data
    args = parser.parse_args()
    if args.prepare:
        return prepare_child(args)
    if reason := postgres_unreachable():
        print(f"The HTTP benchmark needs PostgreSQL: {reason}", file=sys.stderr)
        return 1
    wrk = shutil.which("wrk")
    if not wrk:
        print("The HTTP benchmark needs wrk: apt-get install wrk (Debian's package).", file=sys.stderr)
        return 1
    url = f"{PG_SERVER}/{DB_NAME}"
    env = child_env(
        url,
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        REDIS_URL=REDIS_URL,
        TASKS_BACKEND="database",
        API_RATE_LIMIT_MEMBER="1000000000",  # one member sends everything here: the limit is tested elsewhere
        BENCH_CLAIM_TASKS=str(CLAIMS_PER_SECOND_CEILING * (args.seconds + 5)),
    )
    data = prepare(url, env, args)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "1", "--worker-class", "sync"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    auth = f"Authorization: Bearer {data['token']}"
    try:
        wait_for_server(port, server)
        runs = {}
        for name, path, method, script_env in [
            ("floor_read", "/__bench__/api/read", "GET", None),
            ("task_list", f"/api/v1/communities/{data['slug']}/tasks?limit=20", "GET", None),
            ("floor_insert", "/__bench__/api/insert", "POST", None),
            ("claim", None, "POST", {"BENCH_FIRST_TASK": str(data["first_task"])}),
        ]:
            print(f"  {name} ...", flush=True)
            runs[name] = load(wrk, base, path, method, auth, script_env, data, args)
            if name == "claim":
                runs[name]["claimed"] = _claimed(url, data)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = _report(runs, data, args)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "http.json"
    path.write_text(json.dumps(result, indent=2))
    _print(result)
    print(f"\nAll figures: {path.relative_to(ROOT)}")
    return 0


# --- Data ------------------------------------------------------------------------------------------


def prepare(url: str, env: dict[str, str], args) -> dict:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')  # type: ignore[arg-type]
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo", "--members", "60"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__).resolve()), "--prepare", "--seconds", str(args.seconds)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"Preparing the data failed:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["prepare_s"] = round(time.perf_counter() - started, 1)
    print(f"  data ready in {data['prepare_s']} s: {data['claim_tasks']:,} fresh tasks to claim", flush=True)
    return data


def prepare_child(args) -> int:
    """In the bench's environment: the fresh tasks, a token and the floor's table; prints them as JSON."""
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from bench.http_floor import FLOOR_TABLE
    from talkoot.actions.models import Action, ActionVisibility, Stage, Task
    from talkoot.api.models import Scope
    from talkoot.api.services import access_token_create
    from talkoot.communities.models import Membership
    from talkoot.members.models import Member

    member = Member.objects.get(email=DEMO_EMAIL)
    community = Membership.objects.active().filter(member=member).select_related("community").first().community
    count = int(os.environ["BENCH_CLAIM_TASKS"])
    now = timezone.now()
    action = Action.objects.create(
        community=community,
        title="Benchmark: many small errands",
        started_by=member,
        stage=Stage.DELIVER,
        visibility=ActionVisibility.COMMUNITY,
    )
    tasks = Task.objects.bulk_create(
        Task(
            action=action,
            title=f"Errand {number}",
            effort_minutes=30,
            slots=1,
            starts_at=now + timedelta(days=7),
            created_by=member,
        )
        for number in range(count)
    )
    ids = sorted(task.pk for task in tasks)
    assert ids == list(range(ids[0], ids[0] + count)), "the fresh tasks' ids are not contiguous"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {FLOOR_TABLE} (id bigserial PRIMARY KEY, n integer NOT NULL)")
        cursor.execute("ANALYZE")
    _token, secret = access_token_create(member=member, name="bench", scope=Scope.READ_WRITE)
    print(
        json.dumps(
            {"slug": community.slug, "token": secret, "first_task": ids[0], "claim_tasks": count, "action": action.pk}
        )
    )
    return 0


def _claimed(url: str, data: dict) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM actions_claim c JOIN actions_task t ON t.id = c.task_id WHERE t.action_id = %s",
            [data["action"]],
        ).fetchone()
    return int(row[0]) if row else 0


# --- Load ------------------------------------------------------------------------------------------


def load(wrk: str, base: str, path: str | None, method: str, auth: str, script_env, data: dict, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        command = [wrk, f"-t{WRK_THREADS}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
        command += ["-H", auth, "-H", "Content-Type: application/json", "--timeout", "5s"]
        script = Path(tmp) / "request.lua"
        if script_env is not None:
            script.write_text(CLAIM_SCRIPT)
            env.update(script_env)
            env.update(
                BENCH_THREADS=str(WRK_THREADS),
                BENCH_CLAIM_PATH=f"/api/v1/communities/{data['slug']}/tasks/%d/claim",
            )
            command += ["-s", str(script), base]
        else:
            if method != "GET":
                script.write_text(f'wrk.method = "{method}"\nwrk.body = "{{}}"\n')
                command += ["-s", str(script)]
            command.append(base + path)
        # A short warm-up first: the worker's first requests import and compile.
        warm = [*command]
        warm[3] = "-d2s"
        if script_env is None:
            subprocess.run(warm, env=env, capture_output=True, check=False)  # noqa: S603
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    return _parse_wrk(done.stdout + done.stderr)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return round(float(number) * _UNITS[unit], 2)


def _parse_wrk(output: str) -> dict:
    result: dict = {"raw": output.strip().splitlines()[-14:]}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for percentile in ("50", "75", "90", "99"):
        if match := re.search(rf"^\s+{percentile}%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE):
            result[f"p{percentile}_ms"] = _milliseconds(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = sum(int(value) for value in match.groups()) if match else 0
    return result


# --- Report ----------------------------------------------------------------------------------------


def _report(runs: dict, data: dict, args) -> dict:
    def ratio(top: str, bottom: str) -> float | None:
        if runs[top].get("rps") and runs[bottom].get("rps"):
            return round(runs[top]["rps"] / runs[bottom]["rps"], 3)
        return None

    figures = {"list_ratio": ratio("task_list", "floor_read"), "claim_ratio": ratio("claim", "floor_insert")}
    p99 = max((runs[name].get("p99_ms") or float("inf")) for name in ("task_list", "claim"))
    goals = {
        "list_ratio": {"target": GOALS["list_ratio"], "value": figures["list_ratio"]},
        "claim_ratio": {"target": GOALS["claim_ratio"], "value": figures["claim_ratio"]},
        "p99_ms": {"target": GOALS["p99_ms"], "value": p99},
    }
    for name, goal in goals.items():
        value = goal["value"]
        below = name == "p99_ms"
        goal["met"] = None if value is None else (value < goal["target"] if below else value >= goal["target"])
    clean = all(runs[name]["non_2xx"] == 0 and runs[name]["socket_errors"] == 0 for name in runs)
    return {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "git_commit": git_commit(),
            **machine(),
            "server": "gunicorn, 1 sync worker, PostgreSQL, Redis cache",
            "client": f"wrk, {WRK_THREADS} threads, {args.connections} connections, {args.seconds} s per endpoint",
        },
        "data": {key: value for key, value in data.items() if key != "token"},
        "runs": runs,
        "goals": goals,
        "all_answers_2xx": clean,
    }


def _print(result: dict) -> None:
    print(f"\n{'endpoint':<13} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, run in result["runs"].items():
        print(
            f"{name:<13} {run.get('rps', 0):>8.1f} {run.get('p50_ms', 0):>8.1f} {run.get('p99_ms', 0):>8.1f}"
            f" {run['non_2xx']:>8}"
        )
    claim = result["runs"]["claim"]
    print(f"claims made: {claim.get('claimed', 0):,} of {claim.get('requests', 0):,} requests")
    for name, goal in result["goals"].items():
        relation = "<" if name == "p99_ms" else ">="
        print(f"{name}: {goal['value']} (goal {relation} {goal['target']}): {'yes' if goal['met'] else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
