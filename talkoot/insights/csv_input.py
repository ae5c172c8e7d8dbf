"""Insights from files a researcher brings (a time bank's export, say), with no database at all.

contributions.csv: `giver,receiver,minutes,date[,action][,community]` — one row per contribution to one
receiver; an empty receiver is a gift to the commons. trust.csv: `truster,trusted,date`.

Files are scanned lazily and parsed by Polars' streaming engine, so a file of several gigabytes is
never held whole as text: people and actions become integer codes as they are read. Every bad row
is found with its line number (the header is line 1) before anything is computed.
"""

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.insights.frames import EARLIEST, TIME, InsightFrames, Window

CONTRIBUTION_COLUMNS = ("giver", "receiver", "minutes", "date")
CONTRIBUTION_OPTIONAL = ("action", "community")
TRUST_COLUMNS = ("truster", "trusted", "date")
MAX_MINUTES = 24 * 60
SHOWN_BAD_ROWS = 20
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%#z",
    "%Y-%m-%d %H:%M:%S%#z",
    "%Y-%m-%dT%H:%M:%S%.f%#z",
)


class CsvInputError(Exception):
    """The files cannot be used as they are; `message` says why, `bad_rows` where."""

    def __init__(self, message: str, bad_rows: list[tuple[str, int, str]] | None = None, bad_count: int = 0):
        super().__init__(message)
        self.message = message
        self.bad_rows = bad_rows or []
        self.bad_count = bad_count


@dataclass
class CsvInsights:
    frames: InsightFrames
    # The original name of each member code (what the files called them), to show bridges by name.
    member_labels: pl.Series
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    skipped_count: int = 0

    def label(self, code: int) -> str:
        return str(self.member_labels[code])


def _header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            first = next(csv.reader(handle), [])
    except FileNotFoundError:
        raise CsvInputError(_("%(file)s: there is no such file.") % {"file": path}) from None
    except UnicodeDecodeError:
        raise CsvInputError(_("%(file)s: the file is not UTF-8 text.") % {"file": path}) from None
    except OSError as error:
        raise CsvInputError(_("%(file)s: cannot be read (%(error)s).") % {"file": path, "error": error}) from None
    return [name.strip().lower() for name in first]


def _check_columns(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvInputError(
            _("%(file)s misses the columns %(missing)s (the first line must name at least: %(required)s).")
            % {"file": path.name, "missing": ", ".join(missing), "required": ",".join(required)}
        )


def _scan(path: Path, header: list[str]) -> pl.LazyFrame:
    # Every column as text: a bad value must become a reported row, not a parse failure.
    return pl.scan_csv(
        path,
        has_header=True,
        new_columns=header,
        schema={name: pl.String() for name in header},
        row_index_name="line",
        row_index_offset=2,
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )


def _parsed_date(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(
        [text.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC") for fmt in _DATE_FORMATS]
    )


def _blank(column: str) -> pl.Expr:
    return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")


def _collect(frame: pl.LazyFrame, path: Path) -> pl.DataFrame:
    try:
        return frame.collect(engine="streaming")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as error:
        raise CsvInputError(
            _("%(file)s could not be read as CSV: %(error)s") % {"file": path.name, "error": str(error).split("\n")[0]}
        ) from None


def _split_bad(
    path: Path, frame: pl.LazyFrame, reasons: list[tuple[pl.Expr, str]]
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The rows without a problem, and (line, reason) of the first problem of each bad row."""
    # The first reason that holds: a coalesce of one when/then per reason, in order.
    reason = pl.coalesce([pl.when(condition).then(pl.lit(message)) for condition, message in reasons])
    flagged = frame.with_columns(reason.alias("problem"))
    bad = _collect(flagged.filter(pl.col("problem").is_not_null()).select("line", "problem"), path)
    return flagged.filter(pl.col("problem").is_null()).drop("problem"), bad


def read_csv_insights(
    contributions_path: Path,
    trust_path: Path | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    skip_bad_rows: bool = False,
) -> CsvInsights:
    members = pl.Categorical(pl.Categories.random())
    others = pl.Categorical(pl.Categories.random())  # actions and communities: their own codes

    header = _header(contributions_path)
    _check_columns(contributions_path, header, CONTRIBUTION_COLUMNS)
    minutes = pl.col("minutes").str.strip_chars()
    scanned = _scan(contributions_path, header).with_columns(
        pl.col("giver").str.strip_chars(),
        pl.col("receiver").str.strip_chars(),
        minutes.cast(pl.Int64, strict=False).alias("minutes_value"),
        _parsed_date("date").alias("happened_at"),
    )
    good, bad = _split_bad(
        contributions_path,
        scanned,
        [
            (_blank("giver"), _("the giver is empty")),
            (minutes.is_null() | (minutes == ""), _("minutes is empty")),
            (pl.col("minutes_value").is_null(), _("minutes is not a whole number")),
            (pl.col("minutes_value") <= 0, _("minutes must be more than 0")),
            (pl.col("minutes_value") > MAX_MINUTES, _("minutes is more than 24 hours")),
            (_blank("date"), _("the date is empty")),
            (pl.col("happened_at").is_null(), _("the date is not a date (YYYY-MM-DD or ISO 8601)")),
        ],
    )
    problems = [(contributions_path.name, line, problem) for line, problem in bad.head(SHOWN_BAD_ROWS).iter_rows()]
    bad_count = bad.height

    optional = {name: name in header for name in CONTRIBUTION_OPTIONAL}
    rows = _collect(
        good.select(
            pl.col("line").cast(pl.Int64).alias("contribution"),
            pl.col("giver").cast(members),
            pl.when(_blank("receiver")).then(None).otherwise(pl.col("receiver")).cast(members).alias("receiver"),
            pl.col("minutes_value").alias("minutes"),
            pl.col("happened_at"),
            *[
                (
                    pl.when(_blank(name)).then(None).otherwise(pl.col(name).str.strip_chars())
                    if optional[name]
                    else pl.lit(None, pl.String())
                )
                .cast(others)
                .alias(name)
                for name in CONTRIBUTION_OPTIONAL
            ],
        ),
        contributions_path,
    )

    trust = pl.DataFrame(schema={"truster": pl.Int64(), "trusted": pl.Int64(), "created_at": TIME})
    if trust_path is not None:
        trust_header = _header(trust_path)
        _check_columns(trust_path, trust_header, TRUST_COLUMNS)
        trust_scanned = _scan(trust_path, trust_header).with_columns(
            pl.col("truster").str.strip_chars(),
            pl.col("trusted").str.strip_chars(),
            _parsed_date("date").alias("created_at"),
        )
        trust_good, trust_bad = _split_bad(
            trust_path,
            trust_scanned,
            [
                (_blank("truster"), _("the truster is empty")),
                (_blank("trusted"), _("the trusted is empty")),
                (_blank("date"), _("the date is empty")),
                (pl.col("created_at").is_null(), _("the date is not a date (YYYY-MM-DD or ISO 8601)")),
            ],
        )
        room = max(0, SHOWN_BAD_ROWS - len(problems))
        problems += [(trust_path.name, line, problem) for line, problem in trust_bad.head(room).iter_rows()]
        bad_count += trust_bad.height
        trust = _collect(
            trust_good.select(pl.col("truster").cast(members), pl.col("trusted").cast(members), "created_at"),
            trust_path,
        )

    # The names behind the codes, taken while the categorical columns still hold their categories.
    member_labels = rows["giver"].dtype.categories.to_series()  # type: ignore[attr-defined]
    rows = rows.with_columns(pl.col("giver", "receiver", "action", "community").to_physical().cast(pl.Int64))
    trust = trust.with_columns(pl.col("truster", "trusted").to_physical().cast(pl.Int64))

    if bad_count and not skip_bad_rows:
        raise CsvInputError(
            _("%(count)d rows cannot be used; nothing was computed. Mend them, or run again with --skip-bad-rows.")
            % {"count": bad_count},
            problems,
            bad_count,
        )

    first_date: datetime | None = rows["happened_at"].min() if rows.height else None  # type: ignore[assignment]
    last_date: datetime | None = rows["happened_at"].max() if rows.height else None  # type: ignore[assignment]
    window = Window(
        since=since or first_date or EARLIEST,
        until=until or ((last_date + timedelta(days=1)) if last_date else timezone.now()),
    )
    everyone = (
        pl.concat(
            [rows.select(member="giver"), rows.select(member="receiver"), trust.select(member="truster")]
            + [trust.select(member="trusted")],
        )
        .drop_nulls()
        .unique()
    )
    home = (
        rows.drop_nulls("community")
        .group_by("giver", "community")
        .agg(pl.len().alias("rows"))
        .sort(["rows", "community"], descending=[True, False])
        .group_by("giver", maintain_order=True)
        .agg(pl.col("community").first().alias("home_community"))
        .rename({"giver": "member"})
    )
    first = rows.group_by("giver").agg(pl.col("happened_at").min().alias("first_contributed_at"))
    member_frame = everyone.join(home, on="member", how="left").join(
        first.rename({"giver": "member"}), on="member", how="left"
    )

    in_window = rows.filter((pl.col("happened_at") >= window.since) & (pl.col("happened_at") < window.until))
    contributions = in_window.with_columns(
        pl.when(pl.col("receiver").is_null()).then(0).otherwise(1).cast(pl.Int32).alias("beneficiaries")
    ).drop("receiver")
    receipts = in_window.drop_nulls("receiver").select("contribution", "receiver")
    trust = trust.filter(pl.col("created_at") < window.until).unique(["truster", "trusted"], keep="first")
    frames = InsightFrames.build(
        window,
        members=member_frame,
        contributions=contributions,
        receipts=receipts,
        trust=trust,
        has_tasks=False,
        has_assessments=False,
        has_stewards=False,
    )
    return CsvInsights(
        frames=frames,
        member_labels=member_labels,
        skipped=problems if skip_bad_rows else [],
        skipped_count=bad_count if skip_bad_rows else 0,
    )
