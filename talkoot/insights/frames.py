"""The columns the insights are computed from: the contract between the readers and the pure core.

Two readers fill these frames: `selectors.py` from the database (one community or the whole
instance) and `csv_input.py` from files a researcher brings. `metrics.py` and `network.py` only ever
see these frames, never a model or a file, so both paths give the same answers.

Member, action, contribution and task ids are Int64. Times are UTC datetimes (microseconds).
A column a source cannot know (a time bank's export has no tasks or stewards) is empty or null,
and the measures that need it come out as null rather than as a guess.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

TIME = pl.Datetime("us", "UTC")
# The start of "all time" for a window: nothing in talkoot, or in a time bank's export, is older.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    # Everyone counted as a member of the scope at the end of the window.
    "members": {
        "member": pl.Int64(),
        "home_community": pl.Int64(),  # the community a member joined first; null if unknown
        "is_steward": pl.Boolean(),  # null if the source has no stewards
        "first_contributed_at": TIME,  # first contribution ever, also before the window; null if none
    },
    # Contributions that happened in the window.
    "contributions": {
        "contribution": pl.Int64(),
        "giver": pl.Int64(),
        "minutes": pl.Int64(),
        "happened_at": TIME,
        "action": pl.Int64(),  # null: not part of an action
        "community": pl.Int64(),
        "category": pl.String(),  # null if the source has none
        # Everyone it was for, members or not; 0 is a gift to the commons.
        "beneficiaries": pl.Int32(),
    },
    # The members each contribution was for (beneficiaries without an account have no row).
    # An edge giver -> receiver weighs contribution minutes / contributions.beneficiaries.
    "receipts": {
        "contribution": pl.Int64(),
        "receiver": pl.Int64(),
    },
    # Trust standing at the end of the window.
    "trust": {
        "truster": pl.Int64(),
        "trusted": pl.Int64(),
        "created_at": TIME,
    },
    # Actions started in the window.
    "actions": {
        "action": pl.Int64(),
        "community": pl.Int64(),
        "started_by": pl.Int64(),  # null if unknown
        "stage": pl.String(),  # initiate, design, deliver, assess, closed
        "created_at": TIME,
    },
    # Tasks created in the window.
    "tasks": {
        "task": pl.Int64(),
        "action": pl.Int64(),
        "effort_minutes": pl.Int64(),
        "slots": pl.Int64(),
        "taken": pl.Int64(),  # live claims now
        "due_at": TIME,  # its start, else its deadline; null if it has neither
        "created_at": TIME,
        "cancelled": pl.Boolean(),
    },
    # Live claims (claimed or done, not withdrawn) on those tasks.
    "claims": {
        "task": pl.Int64(),
        "member": pl.Int64(),
        "created_at": TIME,
    },
    # Value in use (1..5) of the actions started in the window.
    "assessments": {
        "action": pl.Int64(),
        "score": pl.Int64(),
    },
    # One row per thanks said for a contribution of the window.
    "thanks": {
        "contribution": pl.Int64(),
    },
}


def empty(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[name])


def conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with exactly the contract's columns, in order and types (missing ones null)."""
    schema = SCHEMAS[name]
    columns = [
        (pl.col(column) if column in frame.columns else pl.lit(None)).cast(dtype).alias(column)
        for column, dtype in schema.items()
    ]
    return frame.select(columns)


@dataclass(frozen=True)
class Window:
    since: datetime  # inclusive
    until: datetime  # exclusive; also "now" for the measures of the present (unmet tasks, stuck actions)


@dataclass(frozen=True)
class InsightFrames:
    window: Window
    members: pl.DataFrame
    contributions: pl.DataFrame
    receipts: pl.DataFrame
    trust: pl.DataFrame
    actions: pl.DataFrame
    tasks: pl.DataFrame
    claims: pl.DataFrame
    assessments: pl.DataFrame
    thanks: pl.DataFrame
    # What the source can know: a time bank export has no tasks, assessments, thanks or stewards.
    has_tasks: bool = True
    has_assessments: bool = True
    has_stewards: bool = True

    @classmethod
    def build(cls, window: Window, **frames: pl.DataFrame | bool) -> "InsightFrames":
        """Frames conformed to the contract; a frame not given is empty."""
        flags = {key: value for key, value in frames.items() if isinstance(value, bool)}
        conformed = {
            name: conform(name, frame) if isinstance(frame := frames.get(name), pl.DataFrame) else empty(name)
            for name in SCHEMAS
        }
        return cls(window=window, **conformed, **flags)  # type: ignore[arg-type]
