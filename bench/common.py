"""What the benchmarks share: where PostgreSQL is, a child process's environment, the run's metadata."""

import os
import platform
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a benchmarked child: this one, on `database_url`, without debug, the admin
    or Redis (unless `extra` sets REDIS_URL), with tasks run in-process unless `extra` says otherwise."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "TALKOOT_ADMIN")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_ENV="test",
        DJANGO_DEBUG="0",
        DATABASE_URL=database_url,
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def postgres_unreachable() -> str:
    """Why the PostgreSQL server cannot be reached, or "" when it can."""
    import psycopg

    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return f"no PostgreSQL at {PG_SERVER} ({str(error).strip().splitlines()[0]})"
    return ""


def git_commit() -> str:
    """HEAD's commit, read from .git (no git process)."""
    git = ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return ""


def machine() -> dict:
    return {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    """Until something listens on `port`; fails if `server` stops first or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with {server.returncode} before it served")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in time")
