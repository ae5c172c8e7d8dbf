"""Run the whole pytest suite again on PostgreSQL.

Uses DATABASE_URL when it points at PostgreSQL, else a server on 127.0.0.1:5432 (user
postgres). Django's test runner creates a throw-away `test_<name>` database and drops it.
When no server answers, says so and exits 0 (unless REQUIRE_POSTGRES=1, as in CI).
"""

import os
import socket
import subprocess
import sys
from urllib.parse import urlparse


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = f"postgres://postgres@127.0.0.1:5432/talkoot_{os.getpid()}"
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 5432
    if not reachable(host, port):
        message = f"PostgreSQL tests skipped: no server answers on {host}:{port} (set DATABASE_URL to use one)."
        print(message)
        return 1 if os.environ.get("REQUIRE_POSTGRES") == "1" else 0
    print(f"Running the suite on PostgreSQL at {host}:{port} ...", flush=True)
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.call([sys.executable, "-m", "pytest", "--create-db", *sys.argv[1:]], env=env)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
