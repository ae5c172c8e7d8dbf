"""Graphs of the insights and the measures taken on them: igraph for the algorithms, numpy for the rest.

A graph is a `Network`: numpy arrays of its edges (vertex ids are the dense ranks of member ids, and
`Network.ids` maps a vertex back to its member) and, built on first use, the igraph graph made from
that edge array in one call (a chunk of GRAPH_CHUNK edges at a time on huge graphs). Nothing here
loops in Python over vertices or edges: the only Python loops are over BFS levels, source batches,
edge chunks and a handful of k.

Self-loops are dropped from every graph (a contribution where the giver is also a receiver is not a
flow between two people) and parallel edges between the same (ordered, when directed) pair are
merged into one edge whose weight is the sum of theirs.

Where igraph would cost most for little (building a graph of millions of edges for one strongly
connected components call; a Python list of n distances per BFS source), numpy does the work; the
property tests hold both to networkx.
"""

import math
import random
from dataclasses import dataclass
from functools import cached_property

import igraph
import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Above this many frontier edges a BFS level gathers over every edge ("pull") instead of scattering
# from the frontier ("push"); a scatter costs about 15 times a gather per element.
PUSH_PULL_RATIO = 15
BATCH = 64  # sources per bit-parallel BFS pass: one bit of a uint64 per source
GRAPH_CHUNK = 2_000_000  # edges handed to igraph at a time
NO_TIME = np.iinfo(np.int64).max


@dataclass(frozen=True, eq=False)
class Network:
    """A simple graph (no self-loops, no parallel edges) over vertices 0..n-1.

    `edges` are sorted by (u, v), with u < v when undirected; `weights[i]` belongs to `edges[i]`.
    The igraph graph is built on first use, so measures that need only numpy never pay for it.
    """

    ids: IntArray  # vertex -> member id, sorted
    edges: IntArray  # shape (E, 2)
    weights: FloatArray  # shape (E,)
    directed: bool
    # The earliest time (an int, e.g. microseconds) of the edges merged into each edge, NO_TIME when
    # unknown; None when the graph was built without times.
    times: IntArray | None = None

    @property
    def n(self) -> int:
        return int(self.ids.shape[0])

    @property
    def e(self) -> int:
        return int(self.edges.shape[0])

    @cached_property
    def graph(self) -> igraph.Graph:
        """The igraph graph, vertex v = ids[v], edge i = edges[i] with weight weights[i].

        igraph's abi3 wheel turns a numpy edge array into a Python list of pairs before reading it
        (~140 bytes an edge for a moment), so edges beyond the first GRAPH_CHUNK are added in chunks
        of that size to keep that transient bounded on graphs of tens of millions of edges.
        """
        graph = igraph.Graph(n=self.n, edges=self.edges[:GRAPH_CHUNK], directed=self.directed)
        for start in range(GRAPH_CHUNK, self.e, GRAPH_CHUNK):
            graph.add_edges(self.edges[start : start + GRAPH_CHUNK])
        graph.es["weight"] = self.weights
        return graph

    def out_degree(self) -> IntArray:
        return np.bincount(self.edges[:, 0], minlength=self.n).astype(np.int64)

    def in_degree(self) -> IntArray:
        return np.bincount(self.edges[:, 1], minlength=self.n).astype(np.int64)

    def degree(self) -> IntArray:
        """Number of neighbours (undirected) or in + out degree (directed)."""
        return np.bincount(self.edges.ravel(), minlength=self.n).astype(np.int64)

    def out_strength(self) -> FloatArray:
        return np.bincount(self.edges[:, 0], weights=self.weights, minlength=self.n)

    def in_strength(self) -> FloatArray:
        return np.bincount(self.edges[:, 1], weights=self.weights, minlength=self.n)


def vertex_ids(*columns: npt.ArrayLike) -> IntArray:
    """The sorted distinct member ids of the given id columns (nulls already removed)."""
    arrays = [np.asarray(column, dtype=np.int64).ravel() for column in columns]
    if not arrays:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(arrays))


def to_vertices(ids: IntArray, members: npt.ArrayLike) -> IntArray:
    """Vertex of each member id; every id must be in `ids`."""
    return np.searchsorted(ids, np.asarray(members, dtype=np.int64)).astype(np.int64)


class VertexIndex:
    """member id -> vertex for many lookups: a table over the id range when the ids are dense enough
    (one gather a lookup, ~20x faster than a binary search over a million ids), else `to_vertices`."""

    def __init__(self, ids: IntArray) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.table: IntArray | None = None
        self.low = int(self.ids[0]) if len(self.ids) else 0
        span = int(self.ids[-1]) - self.low + 1 if len(self.ids) else 0
        if 0 < span <= 4 * len(self.ids) + 1_000_000:
            self.table = np.full(span, -1, dtype=np.int64)
            self.table[self.ids - self.low] = np.arange(len(self.ids), dtype=np.int64)

    def __call__(self, members: npt.ArrayLike) -> IntArray:
        values = np.asarray(members, dtype=np.int64)
        if self.table is None:
            return to_vertices(self.ids, values)
        return self.table[values - self.low]


def build(
    ids: IntArray,
    edges: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    *,
    directed: bool,
    times: npt.ArrayLike | None = None,
) -> Network:
    """A `Network` over len(ids) vertices from (E, 2) vertex pairs.

    Self-loops are dropped and parallel edges merged: weights summed (1 each when `weights` is None),
    times (ints, NO_TIME for unknown) reduced to the earliest.
    """
    n = max(int(len(ids)), 1)
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    # Self-loops carry no flow between two people: dropped from every graph.
    keep = pairs[:, 0] != pairs[:, 1]
    u, v = pairs[keep, 0], pairs[keep, 1]
    if not directed:
        u, v = np.minimum(u, v), np.maximum(u, v)
    values = None if weights is None else np.asarray(weights, dtype=np.float64).ravel()[keep]
    moments = None if times is None else np.asarray(times, dtype=np.int64).ravel()[keep]
    return from_keys(ids, u * n + v, values, directed=directed, times=moments)


def from_keys(
    ids: IntArray,
    keys: IntArray,
    weights: FloatArray | None = None,
    *,
    directed: bool,
    times: IntArray | None = None,
) -> Network:
    """`build` from edge keys u * max(n, 1) + v without self-loops (and u < v when undirected)."""
    n = max(int(len(ids)), 1)
    order = np.argsort(keys)
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
    if weights is None:
        merged_weights = np.diff(np.append(starts, len(keys))).astype(np.float64)
    else:
        merged_weights = np.add.reduceat(weights[order], starts) if len(keys) else np.zeros(0)
    merged_times = None
    if times is not None:
        merged_times = np.minimum.reduceat(times[order], starts) if len(keys) else np.zeros(0, np.int64)
    keys = keys[starts]
    return Network(
        ids=np.asarray(ids, dtype=np.int64),
        edges=np.ascontiguousarray(np.column_stack((keys // n, keys % n)).astype(np.int64).reshape(-1, 2)),
        weights=np.asarray(merged_weights, dtype=np.float64),
        directed=directed,
        times=None if merged_times is None else np.asarray(merged_times, dtype=np.int64),
    )


# --- Directed measures -------------------------------------------------------------------------


def reverse_positions(net: Network) -> IntArray:
    """For each edge u -> v, the position of the edge v -> u in `net.edges`, or -1."""
    if net.e == 0:
        return np.zeros(0, dtype=np.int64)
    n = max(net.n, 1)
    keys = net.edges[:, 0] * n + net.edges[:, 1]  # sorted, distinct (see `build`)
    reverse = net.edges[:, 1] * n + net.edges[:, 0]
    position = np.minimum(np.searchsorted(keys, reverse), net.e - 1)
    return np.where(keys[position] == reverse, position, -1).astype(np.int64)


def reciprocated(net: Network) -> npt.NDArray[np.bool_]:
    """For each edge u -> v, whether v -> u is an edge too."""
    return reverse_positions(net) >= 0


def edge_reciprocity(net: Network) -> float | None:
    """Share of directed edges whose reverse is also an edge (networkx's overall_reciprocity)."""
    if net.e == 0:
        return None
    return float(reciprocated(net).mean())


TRIM_ROUNDS = 8


def strong_components(net: Network, *, igraph_limit: int = 500_000) -> IntArray:
    """Strongly connected component of each vertex, as a membership array (labels arbitrary).

    Up to `igraph_limit` edges igraph computes it. Beyond, building the igraph graph alone costs
    ~1-2 us an edge, so the bulk is done in numpy first: vertices without an in- or out-edge among
    the rest are peeled off as components of their own (a few rounds), then the component of the
    vertex of highest in x out degree is the intersection of what it reaches and what reaches it
    (two breadth-first searches), and igraph gets only the graph of the vertices left over.
    """
    n = net.n
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if net.e == 0:
        return np.arange(n, dtype=np.int64)
    if net.e <= igraph_limit:
        return np.asarray(net.graph.connected_components(mode="strong").membership, dtype=np.int64)
    membership = np.full(n, -1, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    u, v = net.edges[:, 0], net.edges[:, 1]
    label = 0
    out_degree, in_degree = net.out_degree(), net.in_degree()
    for _ in range(TRIM_ROUNDS):
        peeled = np.flatnonzero(alive & ((out_degree == 0) | (in_degree == 0)))
        if len(peeled) == 0:
            break
        membership[peeled] = label + np.arange(len(peeled))
        label += len(peeled)
        alive[peeled] = False
        live = alive[u] & alive[v]
        u, v = u[live], v[live]
        out_degree, in_degree = np.bincount(u, minlength=n), np.bincount(v, minlength=n)
    if alive.any() and len(u):
        pivot = int(np.argmax(np.where(alive, out_degree * in_degree, -1)))
        component = _reachable(n, u, v, pivot) & _reachable(n, v, u, pivot)
        membership[component] = label
        label += 1
        alive[component] = False
        live = alive[u] & alive[v]
        u, v = u[live], v[live]
    rest = np.flatnonzero(alive)
    if len(rest):
        local = np.full(n, -1, dtype=np.int64)
        local[rest] = np.arange(len(rest))
        left = build(rest, np.column_stack((local[u], local[v])), directed=True)
        membership[rest] = label + strong_components(left, igraph_limit=max(igraph_limit, left.e))
    return membership


def _reachable(n: int, sources: IntArray, targets: IntArray, start: int) -> npt.NDArray[np.bool_]:
    """Vertices reachable from `start` along the edges sources[i] -> targets[i] (start included)."""
    order = np.argsort(sources, kind="stable")
    heads = targets[order]
    first = np.concatenate(([0], np.cumsum(np.bincount(sources, minlength=n)))).astype(np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[start] = True
    frontier = np.array([start], dtype=np.int64)
    while len(frontier):
        degree = first[frontier + 1] - first[frontier]
        total = int(degree.sum())
        if total == 0:
            break
        positions = np.repeat(first[frontier] - (np.cumsum(degree) - degree), degree) + np.arange(total)
        reached = heads[positions]
        reached = reached[~seen[reached]]
        seen[reached] = True
        frontier = np.unique(reached)
    return seen


def component_sizes(membership: IntArray) -> IntArray:
    """Sizes of the components of a membership array, largest first."""
    if len(membership) == 0:
        return np.empty(0, dtype=np.int64)
    sizes = np.bincount(membership)
    return np.sort(sizes[sizes > 0])[::-1].astype(np.int64)


def same_component_share(net: Network, membership: IntArray) -> float | None:
    """Share of edges whose two ends have the same membership."""
    if net.e == 0:
        return None
    return float((membership[net.edges[:, 0]] == membership[net.edges[:, 1]]).mean())


# --- Undirected measures -----------------------------------------------------------------------


def degree_centralisation(net: Network) -> float | None:
    """Freeman degree centralisation of the unweighted graph: sum(max - deg) / ((n-1)(n-2)).

    n counts every vertex, isolated ones included; None when n < 3.
    """
    n = net.n
    if n < 3:
        return None
    degree = net.degree()
    return float((degree.max() - degree).sum() / ((n - 1) * (n - 2)))


@dataclass(frozen=True)
class Reach:
    shares: dict[int, float | None]  # k -> share of ordered pairs i != j with a path i -> j of <= k hops
    mean_path_length: float | None  # over the ordered reachable pairs i != j (of the sources)
    sources: int | None  # None when exact, else the number of sampled sources


def reach_shares(
    net: Network,
    ks: tuple[int, ...] = (1, 2, 3, 4, 5, 6),
    *,
    exact_limit: int = 2000,
    sources: int = 256,
    seed: int = 2026,
) -> Reach:
    """Reach within k hops (following edge direction) and the mean shortest path length.

    Exact (every vertex a source) when n <= exact_limit; else `sources` sources sampled without
    replacement with numpy.random.default_rng(seed), and share_k = sum over the sampled sources of
    the others reached within k hops / (sources * (n - 1)).

    One breadth-first search from each source gives both numbers (so they always agree). The searches
    are numpy, bit-parallel over 64 sources at once, rather than igraph's neighborhood_size/distances:
    igraph returns a Python list per source (n items) and took ~36 ms a source on a 100k-vertex,
    300k-edge graph here (9 s for 256 sources), the numpy search a small fraction of that.
    """
    n = net.n
    if n < 2:
        return Reach({k: None for k in ks}, None, None)
    if n <= exact_limit:
        chosen = np.arange(n, dtype=np.int64)
        sampled: int | None = None
    else:
        count = min(sources, n)
        chosen = np.sort(np.random.default_rng(seed).choice(n, size=count, replace=False)).astype(np.int64)
        sampled = count
    if len(chosen) == 0:
        return Reach({k: None for k in ks}, None, sampled)
    histogram = hop_histogram(net, chosen)
    pairs = len(chosen) * (n - 1)
    cumulative = np.cumsum(histogram)
    shares: dict[int, float | None] = {k: float(cumulative[min(k, len(cumulative) - 1)] / pairs) for k in ks}
    reached = int(histogram[1:].sum())
    mean = float((np.arange(len(histogram)) * histogram).sum() / reached) if reached else None
    return Reach(shares, mean, sampled)


def hop_histogram(net: Network, sources: IntArray) -> IntArray:
    """histogram[d] = number of (source, vertex) pairs at exactly d hops (d >= 1; histogram[0] = 0).

    Level-synchronous BFS along edge direction, 64 sources per pass with one bit each. A level either
    scatters the frontier's out-edges into the next frontier (`bitwise_or.at`, cheap for a small
    frontier) or gathers every edge's source bits per target (`bitwise_or.reduceat` on edges sorted
    by target, cheap for a big one).
    """
    n = net.n
    totals: list[int] = [0]
    if net.e == 0 or len(sources) == 0:
        return np.asarray(totals + [0], dtype=np.int64)
    u, v = net.edges[:, 0], net.edges[:, 1]
    if not net.directed:
        u, v = np.concatenate((u, v)), np.concatenate((v, u))
    # Out-edges by source (edges are sorted by u when directed; re-sort to be safe when undirected).
    by_source = np.argsort(u, kind="stable")
    out_target = v[by_source]
    out_start = np.concatenate(([0], np.cumsum(np.bincount(u, minlength=n)))).astype(np.int64)
    # In-edges by target, for the gathering levels.
    by_target = np.argsort(v, kind="stable")
    in_source = u[by_target]
    in_count = np.bincount(v, minlength=n)
    has_in = np.flatnonzero(in_count)
    in_start = np.concatenate(([0], np.cumsum(in_count)))[has_in].astype(np.int64)
    edges_total = len(u)

    for batch_start in range(0, len(sources), BATCH):
        batch = sources[batch_start : batch_start + BATCH]
        visited = np.zeros(n, dtype=np.uint64)
        bits = np.left_shift(np.uint64(1), np.arange(len(batch), dtype=np.uint64))
        visited[batch] = bits
        frontier, masks = batch.astype(np.int64), bits
        level = 0
        while len(frontier):
            level += 1
            degree = out_start[frontier + 1] - out_start[frontier]
            expanded = int(degree.sum())
            if expanded == 0:
                break
            if expanded * PUSH_PULL_RATIO < edges_total:
                offsets = np.repeat(out_start[frontier] - (np.cumsum(degree) - degree), degree)
                positions = offsets + np.arange(expanded)
                incoming = np.zeros(n, dtype=np.uint64)
                np.bitwise_or.at(incoming, out_target[positions], np.repeat(masks, degree))
            else:
                dense = np.zeros(n, dtype=np.uint64)
                dense[frontier] = masks
                incoming = np.zeros(n, dtype=np.uint64)
                incoming[has_in] = np.bitwise_or.reduceat(dense[in_source], in_start)
            fresh = incoming & ~visited
            frontier = np.flatnonzero(fresh).astype(np.int64)
            masks = fresh[frontier]
            visited[frontier] |= masks
            found = int(np.bitwise_count(masks).sum())
            if level >= len(totals):
                totals.append(0)
            totals[level] += found
    return np.asarray(totals + [0], dtype=np.int64)


# --- Clusters and bridges ----------------------------------------------------------------------


# Up to this many edges Leiden runs until the partition is stable; above, two passes (igraph's
# default). On the medium benchmark's 746k-edge collaboration graph: 5.7 s instead of 14.4 s, for a
# modularity of 0.97768 instead of 0.97770.
LEIDEN_CONVERGE_EDGES = 300_000
LEIDEN_PASSES_ON_LARGE = 2
# Sampled betweenness costs one search per source over the whole graph (0.3 s a source at 746k
# edges, 0.27 s at 2.5M on a sparser graph): the sources shrink as the graph grows, to keep bridges
# within a few seconds.
BETWEENNESS_EDGE_BUDGET = 8_000_000
MIN_BETWEENNESS_SOURCES = 8


def leiden(net: Network, *, resolution: float = 1.0, seed: int = 2026) -> IntArray:
    """Leiden communities maximising weighted modularity, run to a stable partition on graphs of up to
    LEIDEN_CONVERGE_EDGES edges (two passes above that).

    igraph draws its random numbers from Python's `random` module by default; for this call it draws
    from a `random.Random(seed)`, so the same graph and seed always give the same partition, and the
    default (the module) is put back afterwards. (Not thread-safe: the generator is process-wide.)
    Isolated vertices stay alone in a cluster of their own.
    """
    if net.e == 0:
        return np.arange(net.n, dtype=np.int64)
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - reproducibility, not secrecy
    try:
        clustering = net.graph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=-1 if net.e <= LEIDEN_CONVERGE_EDGES else LEIDEN_PASSES_ON_LARGE,
        )
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(clustering.membership, dtype=np.int64)


def modularity_q(net: Network, membership: IntArray, *, resolution: float = 1.0) -> float | None:
    """Weighted modularity of a partition; None for a graph without edges or weight."""
    if net.e == 0 or not net.weights.sum() > 0:
        return None
    value = float(net.graph.modularity(membership.tolist(), weights="weight", resolution=resolution))
    return value if math.isfinite(value) else None


def bridges(
    net: Network,
    *,
    top: int = 10,
    exact_limit: int = 5000,
    sources: int = 64,
    seed: int = 2026,
) -> list[int]:
    """Member ids of the `top` vertices of highest unweighted betweenness, ties by smaller member id.

    Exact when n <= exact_limit, else estimated from up to `sources` sources sampled without
    replacement (igraph 1.0's betweenness takes `sources`/`targets`), fewer on a graph so big that
    `sources` searches would exceed BETWEENNESS_EDGE_BUDGET edge visits (never fewer than
    MIN_BETWEENNESS_SOURCES). Vertices of betweenness 0 are never bridges.
    """
    if net.e == 0:
        return []
    if net.n <= exact_limit:
        scores = np.asarray(net.graph.betweenness(directed=net.directed), dtype=np.float64)
    else:
        affordable = max(MIN_BETWEENNESS_SOURCES, BETWEENNESS_EDGE_BUDGET // max(net.e, 1))
        chosen = np.random.default_rng(seed).choice(net.n, size=min(sources, affordable, net.n), replace=False)
        scores = np.asarray(
            net.graph.betweenness(directed=net.directed, sources=np.sort(chosen).tolist(), targets=None),
            dtype=np.float64,
        )
    candidates = np.flatnonzero(scores > 0)
    order = np.lexsort((net.ids[candidates], -scores[candidates]))[:top]
    return [int(member) for member in net.ids[candidates[order]]]
