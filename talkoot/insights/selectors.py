"""Reads for the insights: columns streamed out of the database into Polars frames, no model instances.

On PostgreSQL each query runs as `COPY (...) TO STDOUT (FORMAT csv)` and Polars parses the stream
in Rust; on SQLite the rows come through the driver in batches. Times leave the database as
integers (epoch microseconds on PostgreSQL, milliseconds on SQLite), so no text dates are parsed.
Everything here answers one question: which rows belong to this community (or the whole instance)
and this window. What the numbers mean is `metrics.py`'s business.
"""

import io
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote, urlencode

import polars as pl
from django.db import connection
from django.http import Http404

from talkoot.communities.access import viewer_is_member
from talkoot.communities.models import Community, Membership
from talkoot.communities.selectors import community_for
from talkoot.insights.frames import EARLIEST, InsightFrames, Window
from talkoot.insights.models import InsightReport

Progress = Callable[[str], None] | None


class _Reader:
    """Reads query results into frames, the fastest way the database allows.

    PostgreSQL: through ADBC, whose driver runs the query as a binary COPY and builds Arrow columns in
    C++ (three times faster than parsing a CSV COPY in Python for a million rows). Its connection is
    its own, so inside a transaction (a test, or a caller that wrote rows it wants counted) the rows
    are copied out on Django's connection instead, which sees them. SQLite: the driver's rows.
    """

    def __init__(self) -> None:
        self.arrow = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            import adbc_driver_postgresql.dbapi

            self.arrow = adbc_driver_postgresql.dbapi.connect(_postgres_uri())

    def epoch(self, column: str) -> str:
        """SQL for a timestamp column as what `read(times=...)` turns into UTC datetimes."""
        if self.arrow is not None:
            return column  # Arrow carries timestamps as microseconds already
        if connection.vendor == "postgresql":
            return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint"
        # SQLite keeps text; julianday is exact to well under a millisecond.
        return f"CAST(ROUND((julianday({column}) - 2440587.5) * 86400000.0) AS INTEGER) * 1000"

    def close(self) -> None:
        if self.arrow is not None:
            self.arrow.close()

    def read(self, sql: str, params: list, schema: dict[str, pl.DataType], times: tuple[str, ...] = ()) -> pl.DataFrame:
        """Run `sql` (its columns in the order of `schema`) and return a frame; `times` are epoch-µs columns."""
        read_schema = {name: (pl.Int64() if name in times else dtype) for name, dtype in schema.items()}
        if self.arrow is not None:
            # Named as the contract names them (two unnamed CASE columns would share a name).
            numbered = f"SELECT * FROM ({sql}) AS result({', '.join(schema)})"
            for number in range(1, len(params) + 1):
                numbered = numbered.replace("%s", f"${number}", 1)
            with self.arrow.cursor() as cursor:
                cursor.execute(numbered, params)
                frame = pl.DataFrame(cursor.fetch_arrow())
            frame = frame.cast(read_schema)  # type: ignore[arg-type]
        elif connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with (
                connection.cursor() as django_cursor,
                django_cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy,
            ):
                for block in copy:
                    buffer.write(block)
            if buffer.tell() == 0:
                frame = pl.DataFrame(schema=read_schema)
            else:
                frame = pl.read_csv(buffer.getvalue(), has_header=False, new_columns=list(schema), schema=read_schema)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, [_sqlite_param(value) for value in params])
                rows = cursor.fetchall()
            frame = pl.DataFrame(rows, schema=read_schema, orient="row")
        return frame.with_columns(
            pl.from_epoch(pl.col(name), time_unit="us").dt.replace_time_zone("UTC") for name in times
        )


def _postgres_uri() -> str:
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    query = {key: value for key, value in (settings.get("OPTIONS") or {}).items() if key in ("sslmode", "sslrootcert")}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"postgresql://{credentials}{host}{port}/{quote(settings['NAME'], safe='')}{suffix}"


def _sqlite_param(value):
    """Datetimes as Django stores them on SQLite (naive UTC text), so text comparison is right."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _community_filter(community: Community | None, column: str) -> tuple[str, list]:
    if community is None:
        return "", []
    return f" AND {column} = %s", [community.pk]


def insight_frames(*, community: Community | None, window: Window, progress: Progress = None) -> InsightFrames:
    """Every frame of the contract for one community (or the instance, `community=None`) and a window."""
    reader = _Reader()
    try:
        return _frames(reader, community, window, progress)
    finally:
        reader.close()


def _frames(reader: _Reader, community: Community | None, window: Window, progress: Progress) -> InsightFrames:
    since, until = window.since, window.until
    _read, _epoch = reader.read, reader.epoch

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    step("members")
    members = _members(reader, community, until)

    step("contributions")
    where, scope = _community_filter(community, "c.community_id")
    contributions = _read(
        f"SELECT c.id, c.contributor_id, c.minutes, {_epoch('c.happened_at')}, c.action_id, c.community_id, c.category "
        f"FROM contributions_contribution c "
        f"WHERE c.withdrawn_at IS NULL AND c.happened_at >= %s AND c.happened_at < %s{where}",
        [since, until, *scope],
        {
            "contribution": pl.Int64(),
            "giver": pl.Int64(),
            "minutes": pl.Int64(),
            "happened_at": pl.Int64(),
            "action": pl.Int64(),
            "community": pl.Int64(),
            "category": pl.String(),
        },
        times=("happened_at",),
    )
    step("beneficiaries")
    beneficiaries = _of_contributions(
        reader,
        "SELECT b.contribution_id, b.member_id FROM contributions_contributionbeneficiary b",
        "b.contribution_id",
        {"contribution": pl.Int64(), "receiver": pl.Int64()},
        contributions,
        community,
        window,
    )
    counts = beneficiaries.group_by("contribution").agg(pl.len().cast(pl.Int32).alias("beneficiaries"))
    contributions = contributions.join(counts, on="contribution", how="left").with_columns(
        pl.col("beneficiaries").fill_null(0)
    )
    receipts = beneficiaries.drop_nulls("receiver")

    if since > EARLIEST and members.height:
        step("first contributions")
        first = _first_contributions(reader, community)
        members = members.join(first, on="member", how="left")
    else:
        # The window reaches back to the start: everyone's first contribution is in it.
        first = contributions.group_by("giver").agg(pl.col("happened_at").min().alias("first_contributed_at"))
        members = members.join(first.rename({"giver": "member"}), on="member", how="left")

    step("trust")
    where_trust, scope_trust = _community_filter(community, "t.community_id")
    trust = _read(
        f"SELECT t.truster_id, t.trusted_id, {_epoch('t.created_at')} FROM communities_trust t "
        f"WHERE t.created_at < %s AND (t.withdrawn_at IS NULL OR t.withdrawn_at >= %s){where_trust}",
        [until, until, *scope_trust],
        {"truster": pl.Int64(), "trusted": pl.Int64(), "created_at": pl.Int64()},
        times=("created_at",),
    )
    # Across the instance a pair may trust in two communities: one edge, from the first.
    trust = trust.group_by("truster", "trusted").agg(pl.col("created_at").min())

    step("actions")
    where_action, scope_action = _community_filter(community, "a.community_id")
    in_window = [since, until, *scope_action]
    actions = _read(
        f"SELECT a.id, a.community_id, a.started_by_id, a.stage, {_epoch('a.created_at')} FROM actions_action a "
        f"WHERE a.created_at >= %s AND a.created_at < %s{where_action}",
        in_window,
        {
            "action": pl.Int64(),
            "community": pl.Int64(),
            "started_by": pl.Int64(),
            "stage": pl.String(),
            "created_at": pl.Int64(),
        },
        times=("created_at",),
    )
    step("tasks")
    tasks = _read(
        f"SELECT t.id, t.action_id, t.effort_minutes, t.slots, t.taken, "
        f"{_epoch('COALESCE(t.starts_at, t.deadline)')}, {_epoch('t.created_at')}, "
        f"CASE WHEN t.cancelled_at IS NULL THEN 0 ELSE 1 END "
        f"FROM actions_task t JOIN actions_action a ON a.id = t.action_id "
        f"WHERE t.created_at >= %s AND t.created_at < %s{where_action}",
        in_window,
        {
            "task": pl.Int64(),
            "action": pl.Int64(),
            "effort_minutes": pl.Int64(),
            "slots": pl.Int64(),
            "taken": pl.Int64(),
            "due_at": pl.Int64(),
            "created_at": pl.Int64(),
            "cancelled": pl.Int8(),
        },
        times=("due_at", "created_at"),
    ).with_columns(pl.col("cancelled").cast(pl.Boolean))
    claims = _read(
        f"SELECT k.task_id, k.member_id, {_epoch('k.created_at')} FROM actions_claim k "
        "JOIN actions_task t ON t.id = k.task_id JOIN actions_action a ON a.id = t.action_id "
        f"WHERE k.status IN ('active', 'done') AND t.created_at >= %s AND t.created_at < %s{where_action}",
        in_window,
        {"task": pl.Int64(), "member": pl.Int64(), "created_at": pl.Int64()},
        times=("created_at",),
    )
    step("assessments")
    assessments = _read(
        "SELECT s.action_id, s.value_in_use FROM contributions_assessment s "
        "JOIN actions_action a ON a.id = s.action_id "
        f"WHERE a.created_at >= %s AND a.created_at < %s{where_action}",
        in_window,
        {"action": pl.Int64(), "score": pl.Int64()},
    )
    thanks = _of_contributions(
        reader,
        "SELECT h.contribution_id FROM contributions_thanks h",
        "h.contribution_id",
        {"contribution": pl.Int64()},
        contributions,
        community,
        window,
    )
    return InsightFrames.build(
        window,
        members=members,
        contributions=contributions,
        receipts=receipts,
        trust=trust,
        actions=actions,
        tasks=tasks,
        claims=claims,
        assessments=assessments,
        thanks=thanks,
    )


def _of_contributions(
    reader: _Reader,
    select: str,
    key: str,
    schema: dict[str, pl.DataType],
    contributions: pl.DataFrame,
    community: Community | None,
    window: Window,
) -> pl.DataFrame:
    """Rows about the window's contributions (their beneficiaries, their thanks).

    For one community the database joins them to its contributions of the window. For the whole
    instance a join would touch every contribution again (1.5 s of the 2 s of the query at a million
    rows): the table is read as it is and matched to the contributions already read.
    """
    if community is None:
        rows = reader.read(select, [], schema)
        return rows.join(contributions.select("contribution"), on="contribution", how="semi")
    return reader.read(
        f"{select} JOIN contributions_contribution c ON c.id = {key} "
        "WHERE c.withdrawn_at IS NULL AND c.happened_at >= %s AND c.happened_at < %s AND c.community_id = %s",
        [window.since, window.until, community.pk],
        schema,
    )


def _members(reader: _Reader, community: Community | None, until: datetime) -> pl.DataFrame:
    """Members at `until`, each with their home community (the first they joined) and stewardship."""
    _read, _epoch = reader.read, reader.epoch
    # For one community, only its own members' memberships (the nightly job reads every community).
    scope, scope_params = (
        ("", [])
        if community is None
        else (
            " AND m.member_id IN (SELECT s.member_id FROM communities_membership s WHERE s.community_id = %s)",
            [community.pk],
        )
    )
    memberships = _read(
        f"SELECT m.member_id, m.community_id, {_epoch('m.joined_at')}, "
        f"CASE WHEN m.left_at IS NULL OR m.left_at >= %s THEN 1 ELSE 0 END, "
        f"CASE WHEN m.is_steward AND m.left_at IS NULL THEN 1 ELSE 0 END "
        f"FROM communities_membership m WHERE m.joined_at < %s{scope}",
        [until, until, *scope_params],
        {
            "member": pl.Int64(),
            "community": pl.Int64(),
            "joined_at": pl.Int64(),
            "active": pl.Int8(),
            "steward": pl.Int8(),
        },
    ).filter(pl.col("active") == 1)
    home = (
        memberships.sort("joined_at", "community")
        .group_by("member")
        .agg(pl.col("community").first().alias("home_community"))
    )
    scoped = memberships if community is None else memberships.filter(pl.col("community") == community.pk)
    stewards = scoped.group_by("member").agg((pl.col("steward").max() == 1).alias("is_steward"))
    return stewards.join(home, on="member", how="left").select("member", "home_community", "is_steward")


def _first_contributions(reader: _Reader, community: Community | None) -> pl.DataFrame:
    _read, _epoch = reader.read, reader.epoch
    where, scope = _community_filter(community, "c.community_id")
    return _read(
        f"SELECT c.contributor_id, {_epoch('MIN(c.happened_at)')} FROM contributions_contribution c "
        f"WHERE c.withdrawn_at IS NULL{where} GROUP BY c.contributor_id",
        scope,
        {"member": pl.Int64(), "first_contributed_at": pl.Int64()},
        times=("first_contributed_at",),
    )


def community_for_insights(member, slug: str) -> Community:
    """The community whose insights `member` may see: its members only, the same 404 for everyone else
    (a visitor of a public community included: who carries the load is the community's own business)."""
    community = community_for(member, slug)
    if not (member is not None and member.is_authenticated and viewer_is_member(member, community)):
        raise Http404
    return community


def report_for(community: Community | None, period: str) -> InsightReport | None:
    """The kept report of a community (or of the instance) for a period, if one was ever asked for."""
    return InsightReport.objects.filter(community=community, period=period).first()


def bridge_names(community: Community, member_ids: list) -> list[str]:
    """The names of the bridges who are still members, in the report's order (one query)."""
    ids = [value for value in member_ids if isinstance(value, int)]
    names = dict(
        Membership.objects.active()
        .filter(community=community, member_id__in=ids, member__deleted_at__isnull=True)
        .values_list("member_id", "member__display_name")
    )
    return [names[value] for value in ids if value in names]
