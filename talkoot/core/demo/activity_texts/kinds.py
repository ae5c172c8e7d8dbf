"""The shapes of the demo's texts: every text a (Finnish, English) pair, tasks inside actions."""

from typing import NamedTuple

Text = tuple[str, str]  # (Finnish, English)

# Timings a task may have: "slot" = starts and ends, "deadline" = by a time, "none" = whenever.
SLOT, DEADLINE, NONE = "slot", "deadline", "none"


class TaskText(NamedTuple):
    title: Text
    description: Text
    effort: tuple[int, int]  # minutes, low and high
    slots: tuple[int, int]
    skills: tuple[str, ...]  # curated skill slugs
    category: str  # contributions.Category value
    timing: tuple[str, ...] = (SLOT,)


class ActionText(NamedTuple):
    # "need": for one person; "group": for several (or a named person); "commons": for nobody in particular.
    kind: str
    title: Text
    problem: Text
    tasks: tuple[TaskText, ...]
    months: tuple[int, ...] = ()  # in season only; empty means all year
    public_chance: float = 0.05


WINTER = (11, 12, 1, 2, 3)
GROWING = (4, 5, 6, 7, 8, 9, 10)
