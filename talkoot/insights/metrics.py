"""The insights: pure functions from `InsightFrames` to plain, JSON-ready dicts.

Each group (`resource_base`, `modularity`, ...) can be called on its own; `report` calls them all and
shares the graphs between them (`Graphs`). Everything is Polars expressions and numpy over whole
columns; `network.py` holds the graphs and their measures.

Conventions: a number that cannot be defined (no data, division by zero, a single member) is None,
never NaN or inf; floats are rounded to 4 decimals; values are plain int/float/str/list/dict/None.

The three graphs of a window, over one vertex set (every member of `frames.members` plus everyone
appearing in the contributions, the receipts or trust):

- contribution graph, directed giver -> receiver: a receipt of a contribution to k beneficiaries
  weighs minutes / k; commons gifts (0 beneficiaries) have no edge;
- collaboration graph, undirected: u -- v weighs the number of actions both contributed to plus the
  number of contributions between them (either direction);
- trust graph, directed truster -> trusted.

Self-loops (a giver among the receivers of their own contribution, someone trusting themselves) are
dropped from every graph, and parallel edges are merged by summing their weights (`network.build`).
"""

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from talkoot.insights import network
from talkoot.insights.frames import TIME, InsightFrames

EFFORT_BUCKETS = ("le15", "16_30", "31_60", "61_120", "gt120")  # effort <= 15, 16..30, 31..60, 61..120, > 120
TAKEUP_WITHOUT_DUE = timedelta(days=7)
OVERLOAD_DAYS = 28
OVERLOAD_FACTOR = 3
STUCK_DAYS = 14
TOP_INITIATORS = 5
CLUSTER_SIZES = 20
BRIDGES = 10
REACH_KS = (1, 2, 3, 4, 5, 6)
ASSESSED_STAGES = ("assess", "closed")
# The keys of a report, in order: what readers of the JSON (pages, API, researchers) can rely on.
GROUPS = (
    "resource_base",
    "modularity",
    "reciprocity",
    "decentralisation",
    "trust",
    "clusters",
    "value_in_use",
    "sustainability",
)
REPORT_KEYS = ("window", "generated_at", *GROUPS)


# --- Numbers ------------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    """A float rounded to 4 decimals, or None for None, NaN and inf."""
    if value is None:
        return None
    number = float(value)
    return round(number, 4) if math.isfinite(number) else None


def _share(part: float, whole: float) -> float | None:
    return _num(part / whole) if whole else None


def gini(values: npt.ArrayLike) -> float | None:
    """Gini coefficient: sum_i (2i - n - 1) x_i / (n sum x) over the values sorted ascending, i = 1..n.

    None when there are no values or they sum to 0.
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = len(x)
    total = x.sum()
    if n == 0 or not total > 0:
        return None
    ranks = np.arange(1, n + 1, dtype=np.float64)
    return _num(((2 * ranks - n - 1) * x).sum() / (n * total))


def _median(values: npt.ArrayLike) -> float | None:
    array = np.asarray(values, dtype=np.float64)
    return _num(np.median(array)) if len(array) else None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _at(moment: datetime) -> pl.Expr:
    return pl.lit(_utc(moment), dtype=TIME)


# --- Graphs -------------------------------------------------------------------------------------


class Graphs:
    """The graphs of one set of frames, each built on first use and then shared by every group."""

    def __init__(self, frames: InsightFrames) -> None:
        self.frames = frames
        self._leiden: dict[tuple[int, float], npt.NDArray[np.int64]] = {}

    def leiden(self, *, seed: int, resolution: float) -> npt.NDArray[np.int64]:
        """Leiden cluster of each vertex of the collaboration graph (computed once per seed, resolution)."""
        key = (seed, resolution)
        if key not in self._leiden:
            self._leiden[key] = network.leiden(self.collaboration, resolution=resolution, seed=seed)
        return self._leiden[key]

    @cached_property
    def contributions(self) -> pl.DataFrame:
        return self.frames.contributions.filter(pl.col("giver").is_not_null()).with_columns(
            pl.col("minutes").fill_null(0)
        )

    @cached_property
    def ids(self) -> npt.NDArray[np.int64]:
        """The member vertex set, sorted: vertex v is member ids[v]."""
        columns = [
            self.frames.members["member"],
            self.contributions["giver"],
            self.frames.receipts["receiver"],
            self.trust_edges["truster"],
            self.trust_edges["trusted"],
        ]
        union = pl.concat([column.rename("member") for column in columns]).drop_nulls().unique().sort()
        return union.to_numpy().astype(np.int64)

    @cached_property
    def index(self) -> network.VertexIndex:
        return network.VertexIndex(self.ids)

    def vertices(self, members: pl.Series) -> npt.NDArray[np.int64]:
        return self.index(members.to_numpy())

    def _pair_key(self, u: pl.Expr, v: pl.Expr) -> pl.Expr:
        """One Int64 per ordered vertex pair (u * n + v): cheaper to group and join on than two columns."""
        return u * max(len(self.ids), 1) + v

    @cached_property
    def flows(self) -> pl.DataFrame:
        """One row per (contribution, receiver) that is an edge: u, v (vertices of giver and receiver),
        weight, happened_at.

        weight = minutes / beneficiaries; when a source leaves beneficiaries null, the minutes are
        split over the receipts it has. Commons gifts (0 beneficiaries) have no edge; self-loops go.
        """
        # A receipt is taken to be unique per (contribution, receiver), as in the database.
        receipts = self.frames.receipts.filter(pl.col("receiver").is_not_null()).join(
            self.contributions.select("contribution", "giver", "minutes", "happened_at", "beneficiaries"),
            on="contribution",
            how="inner",
        )
        split = pl.col("beneficiaries").cast(pl.Int64)
        if receipts["beneficiaries"].null_count():
            split = pl.coalesce(split, pl.len().over("contribution"))
        flows = (
            receipts.select("giver", "receiver", "minutes", "happened_at", split.alias("split"))
            .filter((pl.col("split") > 0) & (pl.col("giver") != pl.col("receiver")))
            .select("giver", "receiver", (pl.col("minutes") / pl.col("split")).alias("weight"), "happened_at")
        )
        return flows.select(
            pl.Series("u", self.vertices(flows["giver"])),
            pl.Series("v", self.vertices(flows["receiver"])),
            "weight",
            "happened_at",
        )

    @cached_property
    def trust_edges(self) -> pl.DataFrame:
        return self.frames.trust.filter(pl.col("truster").is_not_null() & pl.col("trusted").is_not_null()).select(
            "truster", "trusted"
        )

    @cached_property
    def contribution(self) -> network.Network:
        """The contribution graph; `times` holds each edge's first contribution (epoch microseconds)."""
        flows = self.flows
        return network.build(
            self.ids,
            np.column_stack((flows["u"].to_numpy(), flows["v"].to_numpy())),
            flows["weight"].to_numpy(),
            directed=True,
            times=flows["happened_at"].dt.epoch("us").fill_null(network.NO_TIME).to_numpy(),
        )

    @cached_property
    def action_givers(self) -> pl.DataFrame:
        """The distinct (action, giver) pairs of the contributions to an action."""
        return self.contributions.filter(pl.col("action").is_not_null()).select("action", "giver").unique()

    @cached_property
    def givers(self) -> pl.DataFrame:
        """giver, minutes (given in the window), first_at (their first contribution in the window)."""
        return self.contributions.group_by("giver").agg(
            pl.col("minutes").sum(), pl.col("happened_at").min().alias("first_at")
        )

    @cached_property
    def collaboration(self) -> network.Network:
        distinct = self.action_givers
        together = distinct.select("action", pl.Series("w", self.vertices(distinct["giver"]))).lazy()
        # Pairs per action from a self-join on the distinct (action, giver) pairs, u < v.
        shared_actions = (
            together.join(together, on="action", suffix="_other")
            .filter(pl.col("w") < pl.col("w_other"))
            .select(self._pair_key(pl.col("w"), pl.col("w_other")).alias("key"))
        )
        # Plus one per contribution between the two, in either direction.
        between = self.flows.lazy().select(
            self._pair_key(pl.min_horizontal("u", "v"), pl.max_horizontal("u", "v")).alias("key")
        )
        edges = pl.concat([shared_actions, between]).group_by("key").agg(pl.len().alias("weight")).collect()
        weights = edges["weight"].to_numpy().astype(np.float64)
        return network.from_keys(self.ids, edges["key"].to_numpy(), weights, directed=False)

    @cached_property
    def trust(self) -> network.Network:
        edges = self.trust_edges
        pairs = np.column_stack((self.vertices(edges["truster"]), self.vertices(edges["trusted"])))
        return network.build(self.ids, pairs, directed=True)

    @cached_property
    def home(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """(home community of each vertex, whether it is known)."""
        members = self.frames.members.filter(
            pl.col("member").is_not_null() & pl.col("home_community").is_not_null()
        ).unique("member")
        home = np.zeros(len(self.ids), dtype=np.int64)
        known = np.zeros(len(self.ids), dtype=bool)
        at = self.vertices(members["member"])
        home[at] = members["home_community"].to_numpy()
        known[at] = True
        return home, known


# --- Groups -------------------------------------------------------------------------------------


def resource_base(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """Who gives, how unevenly, how much to the commons, and who started giving when."""
    graphs = graphs or Graphs(frames)
    contributions = graphs.contributions
    members = frames.members.height
    given = graphs.givers["minutes"].to_numpy()
    contributors = len(given)
    total = float(given.sum()) if contributors else 0.0
    top = math.ceil(0.1 * contributors)
    commons = contributions.filter(pl.col("beneficiaries") == 0)["minutes"].sum()

    since, until = _at(frames.window.since), _at(frames.window.until)
    firsts = (
        frames.members.filter(pl.col("member").is_not_null())
        .unique("member")
        .join(graphs.givers.select("giver", "first_at"), left_on="member", right_on="giver", how="left")
        .select(pl.coalesce("first_contributed_at", "first_at").alias("first"))
        .filter((pl.col("first") >= since) & (pl.col("first") < until))
        .group_by(pl.col("first").dt.strftime("%Y-%m").alias("month"))
        .agg(pl.len())
        .sort("month")
    )
    return {
        "members": members,
        "contributors": contributors,
        "contributor_share": _share(contributors, members),
        "gini_minutes": gini(given),
        "top10_share": _share(float(np.sort(given)[::-1][:top].sum()), total) if contributors else None,
        "commons_share": _share(float(commons or 0), total),
        "new_contributors_by_month": dict(zip(firsts["month"].to_list(), firsts["len"].to_list(), strict=True)),
    }


def _live_tasks(frames: InsightFrames) -> pl.DataFrame:
    return frames.tasks.filter(~pl.col("cancelled").fill_null(False))


def modularity(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """How small the pieces of work are, whether they get taken up, and how many hands an action has.

    Cancelled tasks are left out throughout. p90 is numpy.percentile's default (linear) interpolation.
    Take-up counts tasks with a known effort and at least one slot.
    """
    graphs = graphs or Graphs(frames)
    tasks = _live_tasks(frames)
    effort = tasks["effort_minutes"].drop_nulls().to_numpy().astype(np.float64)
    takeup: dict[str, float | None] = dict.fromkeys(EFFORT_BUCKETS)
    result: dict[str, Any] = {
        "effort_median": None,
        "effort_p90": None,
        "share_tasks_le_30": None,
        "takeup_by_effort": takeup,
    }
    if frames.has_tasks:
        if len(effort):
            result["effort_median"] = _median(effort)
            result["effort_p90"] = _num(np.percentile(effort, 90))
            result["share_tasks_le_30"] = _share(float((effort <= 30).sum()), len(effort))
        takeup.update(_takeup(frames, tasks))

    people = [graphs.action_givers.select("action", person="giver")]
    if frames.has_tasks:
        claimed = frames.claims.join(tasks.select("task", "action"), on="task", how="inner")
        people.append(claimed.select("action", person="member"))
    everyone = pl.concat(people).drop_nulls().unique().group_by("action").agg(pl.len().alias("people"))
    actions = pl.concat([frames.actions["action"], graphs.action_givers["action"]]).drop_nulls().unique().to_frame()
    per_action = actions.join(everyone, on="action", how="left")["people"].fill_null(0).to_numpy()
    result["people_per_action_median"] = _median(per_action)
    return result


def _takeup(frames: InsightFrames, tasks: pl.DataFrame) -> dict[str, float | None]:
    """Per effort bucket, the share of its tasks whose slots were all claimed in time.

    A task is filled at the created_at of its slots-th earliest live claim, and taken up when filled
    by its due_at, or within 7 days of its creation when it has no due_at.
    """
    tasks = tasks.filter(pl.col("effort_minutes").is_not_null() & (pl.col("slots").fill_null(0) > 0))
    filled = (
        frames.claims.filter(pl.col("created_at").is_not_null())
        .join(tasks.select("task", "slots"), on="task", how="inner")
        .filter(pl.col("created_at").rank("ordinal").over("task") == pl.col("slots"))
        .select("task", pl.col("created_at").alias("filled_at"))
    )
    effort = pl.col("effort_minutes")
    bucket = (
        pl.when(effort <= 15)
        .then(pl.lit("le15"))
        .when(effort <= 30)
        .then(pl.lit("16_30"))
        .when(effort <= 60)
        .then(pl.lit("31_60"))
        .when(effort <= 120)
        .then(pl.lit("61_120"))
        .otherwise(pl.lit("gt120"))
    )
    deadline = pl.coalesce("due_at", pl.col("created_at") + TAKEUP_WITHOUT_DUE)
    shares = (
        tasks.join(filled, on="task", how="left")
        .select(
            bucket.alias("bucket"),
            (pl.col("filled_at") <= deadline).fill_null(False).alias("taken_up"),
        )
        .group_by("bucket")
        .agg(pl.col("taken_up").mean())
    )
    return {bucket: _num(share) for bucket, share in shares.iter_rows()}


def reciprocity(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """Whether giving goes both ways, on the contribution graph (weighted in minutes).

    `largest_cycle_group` is the size of the largest strongly connected component (1 when there are
    edges but no cycle); None without edges. `lag_days_median` is over reciprocated pairs {u, v}:
    |first u -> v - first v -> u| in days.
    """
    graphs = graphs or Graphs(frames)
    net = graphs.contribution
    empty = {
        "edge_reciprocity": None,
        "give_and_receive_share": None,
        "cycle_edge_share": None,
        "largest_cycle_group": None,
        "asymmetry_median": None,
        "lag_days_median": None,
    }
    if net.e == 0:
        return empty
    out_degree, in_degree = net.out_degree(), net.in_degree()
    flowing = (out_degree > 0) | (in_degree > 0)
    both = (out_degree > 0) & (in_degree > 0)
    given, received = net.out_strength()[flowing], net.in_strength()[flowing]
    volume = given + received
    asymmetry = np.abs(given - received)[volume > 0] / volume[volume > 0]
    components = network.strong_components(net)

    # Lags over the reciprocated pairs {u, v}, each counted once (from its edge u -> v with u < v).
    reverse = network.reverse_positions(net)
    pair = (reverse >= 0) & (net.edges[:, 0] < net.edges[:, 1])
    times = net.times if net.times is not None else np.full(net.e, network.NO_TIME)
    first, back = times[pair], times[reverse[pair]]
    known = (first != network.NO_TIME) & (back != network.NO_TIME)
    lag_days = np.abs(first[known] - back[known]) / 86_400e6
    return {
        "edge_reciprocity": _num(float((reverse >= 0).mean())),
        "give_and_receive_share": _share(float(both.sum()), float(flowing.sum())),
        "cycle_edge_share": _num(network.same_component_share(net, components)),
        "largest_cycle_group": int(network.component_sizes(components)[0]),
        "asymmetry_median": _median(asymmetry),
        "lag_days_median": _median(lag_days),
    }


def decentralisation(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """Whether activity hangs on a few people: collaboration hubs, initiative, stewardship.

    Degree centralisation is over every vertex of the collaboration graph (the member vertex set).
    """
    graphs = graphs or Graphs(frames)
    started = frames.actions.filter(pl.col("started_by").is_not_null()).group_by("started_by").agg(pl.len())
    counts = np.sort(started["len"].to_numpy())[::-1] if started.height else np.zeros(0)
    members = frames.members.height
    stewards = int(frames.members["is_steward"].fill_null(False).sum())
    return {
        "degree_centralisation": _num(network.degree_centralisation(graphs.collaboration)),
        "initiative_top5_share": _share(float(counts[:TOP_INITIATORS].sum()), float(counts.sum())),
        "initiative_gini": gini(counts),
        "steward_share": _share(stewards, members) if frames.has_stewards else None,
    }


def trust(
    frames: InsightFrames,
    *,
    exact_reach_limit: int = 2000,
    reach_sources: int = 256,
    seed: int = 2026,
    graphs: Graphs | None = None,
) -> dict:
    """How far trust carries on the trust graph over the member vertex set.

    reach_k: share of ordered pairs i != j with a trust path i -> j of at most k hops, exact up to
    `exact_reach_limit` members, else estimated from `reach_sources` sampled sources (see
    `network.reach_shares`). radius: the smallest k in 1..6 with reach_k >= 0.5.
    """
    graphs = graphs or Graphs(frames)
    net = graphs.trust
    n = net.n
    reach = network.reach_shares(net, REACH_KS, exact_limit=exact_reach_limit, sources=reach_sources, seed=seed)
    shares = reach.shares
    radius = next((k for k in REACH_KS if (shares[k] or 0) >= 0.5), None)
    return {
        "density": _share(net.e, n * (n - 1)) if n >= 2 else None,
        "reciprocity": _num(network.edge_reciprocity(net)),
        "reach_1": _num(shares[1]),
        "reach_2": _num(shares[2]),
        "reach_3": _num(shares[3]),
        "reach_sources": reach.sources,
        "radius": radius,
        "mean_path_length": _num(reach.mean_path_length),
    }


def clusters(
    frames: InsightFrames,
    *,
    seed: int = 2026,
    resolution: float = 1.0,
    betweenness_exact_limit: int = 5000,
    betweenness_sources: int = 64,
    graphs: Graphs | None = None,
) -> dict:
    """Communities of collaboration (Leiden, weighted modularity) and the people bridging them.

    A cluster is a Leiden community of vertices that have at least one collaboration edge: isolated
    members are not clusters and are not counted in `count` or `sizes`. `cross_community_share` is the
    share of collaboration weight between members of different home communities, over the edges whose
    two ends both have a known home community.
    """
    graphs = graphs or Graphs(frames)
    net = graphs.collaboration
    result: dict[str, Any] = {
        "method": "leiden-modularity",
        "resolution": _num(resolution),
        "seed": seed,
        "count": 0,
        "sizes": [],
        "modularity_q": None,
        "bridges": [],
        "cross_community_share": None,
    }
    if net.e == 0:
        return result
    membership = graphs.leiden(seed=seed, resolution=resolution)
    connected = net.degree() > 0
    sizes = network.component_sizes(membership[connected])
    home, known = graphs.home
    u, v = net.edges[:, 0], net.edges[:, 1]
    counted = known[u] & known[v]
    result.update(
        count=len(sizes),
        sizes=[int(size) for size in sizes[:CLUSTER_SIZES]],
        modularity_q=_num(network.modularity_q(net, membership, resolution=resolution)),
        bridges=network.bridges(
            net, top=BRIDGES, exact_limit=betweenness_exact_limit, sources=betweenness_sources, seed=seed
        ),
        cross_community_share=_share(
            float(net.weights[counted & (home[u] != home[v])].sum()), float(net.weights[counted].sum())
        ),
    )
    return result


def cluster_membership(
    frames: InsightFrames, *, seed: int = 2026, resolution: float = 1.0, graphs: Graphs | None = None
) -> pl.DataFrame:
    """The clusters of `clusters` member by member: (member, cluster) for every member with a
    collaboration edge; cluster labels are arbitrary ints."""
    graphs = graphs or Graphs(frames)
    net = graphs.collaboration
    connected = net.degree() > 0
    membership = graphs.leiden(seed=seed, resolution=resolution)
    return pl.DataFrame({"member": net.ids[connected], "cluster": membership[connected]})


def value_in_use(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """What the actions were worth to the people they were for (assessments 1..5) and thanks.

    An action's category is the most frequent category of its contributions (ties: alphabetically
    first); an action without contributions with a category is "other".
    """
    graphs = graphs or Graphs(frames)
    if not frames.has_assessments:
        return {"mean_score": None, "assessed_action_share": None, "by_category": None, "thanks_per_contribution": None}
    assessments = frames.assessments.filter(pl.col("score").is_not_null())
    assessed = frames.actions.filter(pl.col("stage").is_in(ASSESSED_STAGES)).select(
        "action",
        pl.col("action").is_in(assessments["action"].drop_nulls().implode()).alias("assessed"),
    )
    categories = (
        graphs.contributions.filter(pl.col("action").is_not_null() & pl.col("category").is_not_null())
        .group_by("action", "category")
        .agg(pl.len())
        .sort(["len", "category"], descending=[True, False])
        .unique("action", keep="first", maintain_order=True)
        .select("action", "category")
    )
    by_category = (
        assessments.join(categories, on="action", how="left")
        .group_by(pl.col("category").fill_null("other"))
        .agg(pl.col("score").mean())
        .sort("category")
    )
    return {
        "mean_score": _num(assessments["score"].mean()) if assessments.height else None,
        "assessed_action_share": _share(float(assessed["assessed"].sum()), assessed.height),
        "by_category": {category: _num(score) for category, score in by_category.iter_rows()},
        "thanks_per_contribution": _share(frames.thanks.height, frames.contributions.height),
    }


def sustainability(frames: InsightFrames, *, graphs: Graphs | None = None) -> dict:
    """Whether people keep giving, who carries too much, and what is left undone.

    retention_monthly: over the calendar months (UTC) m with contributors whose next month lies
    wholly in the window, the mean share of m's contributors who contribute again in m + 1.
    overloaded: members whose minutes in the last 28 days exceed 3 x the median of their own home
    community's contributors in those days (an unknown home community is one group of its own).
    """
    graphs = graphs or Graphs(frames)
    since, until = _at(frames.window.since), _at(frames.window.until)
    contributions = graphs.contributions.filter(pl.col("happened_at").is_not_null())

    monthly = contributions.select(pl.col("happened_at").dt.truncate("1mo").alias("month"), "giver").unique()
    following = monthly.select(pl.col("month").dt.offset_by("-1mo"), "giver", stayed=pl.lit(True))
    months = (
        monthly.join(following, on=["month", "giver"], how="left")
        .with_columns(pl.col("stayed").fill_null(False))
        .group_by("month")
        .agg(pl.col("stayed").mean())
        .filter((pl.col("month").dt.offset_by("1mo") >= since) & (pl.col("month").dt.offset_by("2mo") <= until))
    )

    start = _at(_utc(frames.window.until) - timedelta(days=OVERLOAD_DAYS))
    homes = frames.members.filter(pl.col("member").is_not_null()).unique("member").select("member", "home_community")
    recent = (
        contributions.filter((pl.col("happened_at") >= start) & (pl.col("happened_at") < until))
        .group_by("giver")
        .agg(pl.col("minutes").sum())
        .join(homes, left_on="giver", right_on="member", how="left")
        .filter(pl.col("minutes") > OVERLOAD_FACTOR * pl.col("minutes").median().over("home_community"))
    )

    tasks = _live_tasks(frames)
    unmet = tasks.filter((pl.col("due_at") < until) & (pl.col("taken").fill_null(0) < pl.col("slots"))).height
    stuck_before = _at(_utc(frames.window.until) - timedelta(days=STUCK_DAYS))
    stuck = frames.actions.filter((pl.col("stage") == "initiate") & (pl.col("created_at") < stuck_before)).height
    return {
        "retention_monthly": _num(months["stayed"].mean()) if months.height else None,
        "overloaded": recent.height,
        "unmet_tasks": unmet if frames.has_tasks else None,
        "stuck_actions": stuck if frames.has_tasks else None,
    }


# --- Report -------------------------------------------------------------------------------------


def report(
    frames: InsightFrames,
    *,
    generated_at: datetime,
    seed: int = 2026,
    resolution: float = 1.0,
    exact_reach_limit: int = 2000,
    reach_sources: int = 256,
    betweenness_exact_limit: int = 5000,
    betweenness_sources: int = 64,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Every group of insights for the frames, as one JSON-serialisable dict."""
    graphs = Graphs(frames)
    groups: dict[str, Callable[[], dict]] = {
        "resource_base": lambda: resource_base(frames, graphs=graphs),
        "modularity": lambda: modularity(frames, graphs=graphs),
        "reciprocity": lambda: reciprocity(frames, graphs=graphs),
        "decentralisation": lambda: decentralisation(frames, graphs=graphs),
        "trust": lambda: trust(
            frames,
            exact_reach_limit=exact_reach_limit,
            reach_sources=reach_sources,
            seed=seed,
            graphs=graphs,
        ),
        "clusters": lambda: clusters(
            frames,
            seed=seed,
            resolution=resolution,
            betweenness_exact_limit=betweenness_exact_limit,
            betweenness_sources=betweenness_sources,
            graphs=graphs,
        ),
        "value_in_use": lambda: value_in_use(frames, graphs=graphs),
        "sustainability": lambda: sustainability(frames, graphs=graphs),
    }
    result: dict[str, Any] = {
        "window": {"since": frames.window.since.isoformat(), "until": frames.window.until.isoformat()},
        "generated_at": generated_at.isoformat(),
    }
    for name, compute in groups.items():
        if progress is not None:
            progress(name)
        result[name] = compute()
    return result
