"""Schemathesis against the live API, as `make test` runs it.

A fresh SQLite database in a temporary directory gets the demo community; gunicorn serves it on a
free port; schemathesis reads /api/v1/openapi.json from the server and runs every check it has
(`--checks all`) on every operation, a bounded number of examples each with a fixed seed,
authenticated as a demo member with a read-write token. Prints schemathesis's summary line;
exits non-zero on any server error or schema violation.

    .venv/bin/python scripts/api_fuzz.py [--max-examples N] [--seed S]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import free_port, wait_for_server  # noqa: E402

BIN = Path(sys.executable).parent
DEMO_EMAIL = "aino.virtanen@example.org"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("extra", nargs="*", help="more schemathesis options, after --")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="talkoot-fuzz-") as tmp:
        env = {
            **os.environ,
            "DJANGO_ENV": "test",
            "DATABASE_URL": f"sqlite:///{tmp}/fuzz.sqlite3",
            "TASKS_BACKEND": "immediate",
            # The fuzz run is one member sending thousands of requests: the limit is tested elsewhere.
            "API_RATE_LIMIT_MEMBER": "1000000",
            "API_RATE_LIMIT_VISITOR": "1000000",
        }
        env.pop("REDIS_URL", None)
        manage = [str(BIN / "python"), str(ROOT / "manage.py")]

        def run(*command: str) -> str:
            done = subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603
            return done.stdout.strip()

        run("migrate", "--no-input", "-v", "0")
        run("seed_demo", "--members", "30", "--seed", "2026")
        token = run("api_token", "--email", DEMO_EMAIL, "--name", "fuzz", "--scope", "read_write").splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # refused requests are logged as warnings: thousands of lines
        )
        try:
            wait_for_server(port, server)
            command = [
                str(BIN / "schemathesis"),
                "--config-file",
                str(ROOT / "schemathesis.toml"),
                "run",
                f"http://127.0.0.1:{port}/api/v1/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(args.max_examples),
                "--seed",
                str(args.seed),
                "--workers",
                "2",
                "--no-color",
                "--header",
                f"Authorization: Bearer {token}",
                *args.extra,
            ]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        finally:
            server.terminate()
            server.wait(timeout=20)
    output = done.stdout + done.stderr
    if done.returncode != 0 or os.environ.get("FUZZ_VERBOSE"):
        # Generated bodies can be tens of kilobytes on one line: each line is cut short.
        print("\n".join(line if len(line) <= 400 else line[:400] + " …" for line in output.splitlines()))
    cases = re.search(r"^\s*(\d+ generated.*)$", output, re.MULTILINE)
    verdict = re.search(r"^=+ (.+?) =+$", output.split("SUMMARY", 1)[-1], re.MULTILINE)
    print(
        "schemathesis: "
        + (verdict.group(1) if verdict else f"exit {done.returncode}")
        + (f"; test cases: {cases.group(1)}" if cases else "")
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
