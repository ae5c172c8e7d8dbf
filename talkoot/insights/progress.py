"""A one-line progress display for long commands: shown on a terminal, silent in a pipe or a log."""

import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO, *, enabled: bool | None = None):
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self.steps = 0

    def step(self, name: str) -> None:
        self.steps += 1
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K{elapsed:6.1f} s  {name} …")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.steps:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K{elapsed:6.1f} s  done\n")
            self.stream.flush()
