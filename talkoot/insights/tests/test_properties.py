"""Property tests: the graph measures agree with networkx on random graphs."""

from datetime import UTC, datetime

import networkx as nx
import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from talkoot.insights import metrics, network
from talkoot.insights.frames import InsightFrames, Window

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)


@st.composite
def edge_lists(draw: st.DrawFn, max_nodes: int = 25) -> tuple[int, list[tuple[int, int]]]:
    """n nodes and random edges among them, self-loops and duplicates included."""
    n = draw(st.integers(1, max_nodes))
    node = st.integers(0, n - 1)
    edges = draw(st.lists(st.tuples(node, node), max_size=4 * n))
    duplicates = draw(st.lists(st.sampled_from(edges), max_size=5)) if edges else []
    return n, edges + duplicates


def nx_graph(n: int, edges: list[tuple[int, int]], directed: bool) -> nx.Graph:
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((u, v) for u, v in edges if u != v)
    return graph


def build(n: int, edges: list[tuple[int, int]], directed: bool) -> network.Network:
    return network.build(np.arange(n), np.array(edges, dtype=np.int64).reshape(-1, 2), directed=directed)


@SETTINGS
@given(edge_lists())
def test_edge_reciprocity_is_networkx_overall_reciprocity(case):
    n, edges = case
    G = nx_graph(n, edges, directed=True)
    expected = nx.overall_reciprocity(G) if G.number_of_edges() else None
    got = network.edge_reciprocity(build(n, edges, directed=True))
    assert (got is None and expected is None) or abs(got - expected) < 1e-12


@SETTINGS
@given(edge_lists())
def test_strong_components_are_networkx(case):
    n, edges = case
    G = nx_graph(n, edges, directed=True)
    net = build(n, edges, directed=True)
    expected = sorted(len(component) for component in nx.strongly_connected_components(G))
    assert sorted(network.component_sizes(network.strong_components(net)).tolist()) == expected
    # The numpy path for big graphs (peeling, forward-backward search, igraph for the rest):
    by_numpy = network.strong_components(net, igraph_limit=0)
    assert sorted(network.component_sizes(by_numpy).tolist()) == expected
    for component in nx.strongly_connected_components(G):
        assert len(set(by_numpy[list(component)].tolist())) == 1
    inside = [(u, v) for component in nx.strongly_connected_components(G) for u, v in G.subgraph(component).edges()]
    share = network.same_component_share(net, network.strong_components(net))
    assert share == (len(inside) / G.number_of_edges() if G.number_of_edges() else None)


@SETTINGS
@given(edge_lists())
def test_degree_centralisation_is_freeman_on_networkx_degrees(case):
    n, edges = case
    G = nx_graph(n, edges, directed=False)
    degrees = [degree for _, degree in G.degree()]
    expected = sum(max(degrees) - d for d in degrees) / ((n - 1) * (n - 2)) if n >= 3 else None
    got = network.degree_centralisation(build(n, edges, directed=False))
    assert (got is None and expected is None) or abs(got - expected) < 1e-12


def nx_reach(G: nx.DiGraph, sources: list[int], ks: tuple[int, ...]) -> tuple[dict[int, float], float | None]:
    n = G.number_of_nodes()
    counts = dict.fromkeys(ks, 0)
    total = pairs = 0
    for source in sources:
        lengths = nx.single_source_shortest_path_length(G, source)
        for k in ks:
            counts[k] += sum(1 for target, hops in lengths.items() if target != source and hops <= k)
        total += sum(hops for target, hops in lengths.items() if target != source)
        pairs += len(lengths) - 1
    shares = {k: counts[k] / (len(sources) * (n - 1)) for k in ks}
    return shares, (total / pairs if pairs else None)


@SETTINGS
@given(edge_lists())
def test_reach_and_mean_path_length_are_networkx(case):
    n, edges = case
    reach = network.reach_shares(build(n, edges, directed=True), (1, 2, 3))
    if n < 2:
        assert reach.shares == {1: None, 2: None, 3: None} and reach.mean_path_length is None
        return
    shares, mean = nx_reach(nx_graph(n, edges, directed=True), list(range(n)), (1, 2, 3))
    for k in (1, 2, 3):
        assert abs(reach.shares[k] - shares[k]) < 1e-12
    assert (reach.mean_path_length is None and mean is None) or abs(reach.mean_path_length - mean) < 1e-12
    assert reach.sources is None


@SETTINGS
@given(edge_lists(), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_sampled_reach_is_networkx_over_the_same_sources(case, sources, seed):
    n, edges = case
    if n < 2:
        return
    reach = network.reach_shares(build(n, edges, directed=True), (1, 2, 3), exact_limit=1, sources=sources, seed=seed)
    chosen = np.random.default_rng(seed).choice(n, size=min(sources, n), replace=False).tolist()
    shares, mean = nx_reach(nx_graph(n, edges, directed=True), chosen, (1, 2, 3))
    assert reach.sources == len(chosen)
    for k in (1, 2, 3):
        assert abs(reach.shares[k] - shares[k]) < 1e-12
    assert (reach.mean_path_length is None and mean is None) or abs(reach.mean_path_length - mean) < 1e-12


@st.composite
def grouped_graphs(draw: st.DrawFn) -> nx.Graph:
    """20-60 nodes in 2-5 dense groups with sparse links between them, weights 1-5."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    groups = draw(st.integers(2, 5))
    sizes = [draw(st.integers(max(4, 20 // groups), 60 // groups)) for _ in range(groups)]
    p_in, p_out = draw(st.floats(0.3, 0.9)), draw(st.floats(0.0, 0.08))
    group = np.repeat(np.arange(groups), sizes)
    n = len(group)
    u, v = np.triu_indices(n, 1)
    linked = rng.random(len(u)) < np.where(group[u] == group[v], p_in, p_out)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    weights = rng.integers(1, 6, int(linked.sum()))
    G.add_weighted_edges_from(zip(u[linked].tolist(), v[linked].tolist(), weights.tolist(), strict=True))
    return G


@SETTINGS
@given(grouped_graphs(), st.integers(0, 1000))
def test_leiden_modularity_is_at_least_networkx_louvain(G, seed):
    if G.number_of_edges() == 0:
        return
    edges = np.array([(u, v) for u, v in G.edges()], dtype=np.int64)
    weights = np.array([w for _, _, w in G.edges(data="weight")], dtype=np.float64)
    net = network.build(np.arange(G.number_of_nodes()), edges, weights, directed=False)
    q = network.modularity_q(net, network.leiden(net, seed=seed))
    louvain = nx.community.louvain_communities(G, weight="weight", seed=seed)
    assert q >= nx.community.modularity(G, louvain, weight="weight") - 0.02


WINDOW = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


@SETTINGS
@given(edge_lists())
def test_report_reciprocity_matches_networkx_on_the_contribution_graph(case):
    n, edges = case
    contributions = pl.DataFrame(
        {
            "contribution": list(range(len(edges))),
            "giver": [u for u, _ in edges],
            "minutes": 30,
            "happened_at": datetime(2026, 2, 1, tzinfo=UTC),
            "beneficiaries": 1,
        }
    )
    receipts = pl.DataFrame({"contribution": list(range(len(edges))), "receiver": [v for _, v in edges]})
    frames = InsightFrames.build(
        WINDOW, members=pl.DataFrame({"member": list(range(n))}), contributions=contributions, receipts=receipts
    )
    result = metrics.report(frames, generated_at=WINDOW.until)["reciprocity"]

    G = nx_graph(n, edges, directed=True)
    if G.number_of_edges() == 0:
        assert set(result.values()) == {None}
        return
    assert result["edge_reciprocity"] == round(nx.overall_reciprocity(G), 4)
    assert result["largest_cycle_group"] == max(len(c) for c in nx.strongly_connected_components(G))
    flowing = [v for v in G if G.degree(v)]
    both = [v for v in flowing if G.in_degree(v) and G.out_degree(v)]
    assert result["give_and_receive_share"] == round(len(both) / len(flowing), 4)
