"""The graph helpers of network.py on small graphs worked out by hand."""

import random

import igraph
import numpy as np

from talkoot.insights import network


def digraph(n: int, edges: list[tuple[int, int]], weights: list[float] | None = None) -> network.Network:
    return network.build(np.arange(n) * 10, edges, weights, directed=True)


def graph(n: int, edges: list[tuple[int, int]], weights: list[float] | None = None) -> network.Network:
    return network.build(np.arange(n) * 10, edges, weights, directed=False)


def test_vertex_ids_are_dense_ranks_of_member_ids():
    ids = network.vertex_ids([30, 10], np.array([20, 10]), [])
    assert ids.tolist() == [10, 20, 30]
    assert network.to_vertices(ids, [30, 10, 20, 30]).tolist() == [2, 0, 1, 2]
    assert network.vertex_ids().tolist() == []


def test_vertex_index_by_table_and_by_search():
    dense = network.VertexIndex(np.array([5, 7, 8, 12]))
    assert dense.table is not None
    assert dense([12, 5, 8, 7]).tolist() == [3, 0, 2, 1]
    sparse = network.VertexIndex(np.array([3, 10**12, 10**15]))
    assert sparse.table is None
    assert sparse([10**15, 3]).tolist() == [2, 0]
    assert network.VertexIndex(np.zeros(0, dtype=np.int64))([]).tolist() == []


def test_build_keeps_the_earliest_time_of_merged_edges():
    net = network.build(np.arange(3), [(0, 1), (0, 1), (1, 0), (2, 2)], times=[50, 20, 70, 1], directed=True)
    assert net.edges.tolist() == [[0, 1], [1, 0]]
    assert net.times is not None and net.times.tolist() == [20, 70]
    assert network.reverse_positions(net).tolist() == [1, 0]


def test_build_drops_self_loops_and_sums_parallel_edges():
    net = digraph(3, [(0, 1), (1, 1), (0, 1), (2, 0), (1, 0)], [1.0, 5.0, 2.0, 4.0, 8.0])
    assert net.edges.tolist() == [[0, 1], [1, 0], [2, 0]]  # sorted by (u, v)
    assert net.weights.tolist() == [3.0, 8.0, 4.0]
    assert net.graph.vcount() == 3 and net.graph.ecount() == 3
    assert net.graph.get_edgelist() == [(0, 1), (1, 0), (2, 0)]
    assert net.graph.es["weight"] == [3.0, 8.0, 4.0]
    assert net.graph.is_directed()

    undirected = graph(3, [(1, 0), (0, 1), (2, 2), (2, 1)])  # 1 -- 0 twice: weight 2
    assert undirected.edges.tolist() == [[0, 1], [1, 2]]
    assert undirected.weights.tolist() == [2.0, 1.0]
    assert undirected.degree().tolist() == [1, 2, 1]


def test_big_graphs_reach_igraph_in_chunks(monkeypatch):
    monkeypatch.setattr(network, "GRAPH_CHUNK", 3)
    net = digraph(6, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (0, 3)], [1, 2, 3, 4, 5, 6, 7])
    assert net.graph.get_edgelist() == [tuple(edge) for edge in net.edges.tolist()]
    assert net.graph.es["weight"] == [1.0, 7.0, 2.0, 3.0, 4.0, 5.0, 6.0]  # edge (0, 3) sorts second


def test_an_empty_network():
    net = network.build(np.zeros(0, dtype=np.int64), np.zeros((0, 2)), directed=True)
    assert net.n == 0 and net.e == 0
    assert network.edge_reciprocity(net) is None
    assert network.strong_components(net).tolist() == []
    assert network.degree_centralisation(net) is None
    assert network.reach_shares(net, (1,)).shares == {1: None}
    assert network.bridges(net) == []
    assert network.leiden(net).tolist() == []


def test_strengths_and_degrees():
    net = digraph(3, [(0, 1), (0, 2), (2, 1)], [10, 20, 5])
    assert net.out_strength().tolist() == [30.0, 0.0, 5.0]
    assert net.in_strength().tolist() == [0.0, 15.0, 20.0]
    assert net.out_degree().tolist() == [2, 0, 1]
    assert net.in_degree().tolist() == [0, 2, 1]


def test_edge_reciprocity():
    # 0 <-> 1, 1 -> 2, 2 -> 0: 2 of 4 edges are reciprocated
    net = digraph(3, [(0, 1), (1, 0), (1, 2), (2, 0)])
    assert network.reciprocated(net).tolist() == [True, True, False, False]
    assert network.edge_reciprocity(net) == 0.5
    assert network.edge_reciprocity(digraph(2, [(0, 0)])) is None  # a self-loop only: no edges


def test_strong_components():
    # 0 -> 1 -> 2 -> 0 is a cycle, 2 -> 3 leads out of it, 4 is alone.
    net = digraph(5, [(0, 1), (1, 2), (2, 0), (2, 3)])
    membership = network.strong_components(net)
    assert network.component_sizes(membership).tolist() == [3, 1, 1]
    assert network.same_component_share(net, membership) == 0.75  # 3 of 4 edges inside the cycle


def groups(membership: np.ndarray) -> list[list[int]]:
    return sorted(sorted(np.flatnonzero(membership == label).tolist()) for label in set(membership.tolist()))


def test_strong_components_in_numpy_beyond_the_igraph_limit():
    # 0 -> 1 -> 2 -> 0 and 3 <-> 4 are cycles; 5 -> 0 has no way back (peeled first), 2 -> 3 links the
    # cycles one way, 6 is alone, and 7 <-> 8 hang off 4.
    edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 3), (5, 0), (2, 3), (4, 7), (7, 8), (8, 7)]
    net = digraph(9, edges)
    by_igraph = network.strong_components(net)
    by_numpy = network.strong_components(net, igraph_limit=0)
    assert groups(by_numpy) == groups(by_igraph) == [[0, 1, 2], [3, 4], [5], [6], [7, 8]]


def test_degree_centralisation():
    # A star on 5 vertices is the most centralised graph: (0 + 3 * 4) / (4 * 3) = 1
    assert network.degree_centralisation(graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)])) == 1.0
    # A cycle has every degree equal: 0
    assert network.degree_centralisation(graph(4, [(0, 1), (1, 2), (2, 3), (3, 0)])) == 0.0
    # A path of 4: degrees [1, 2, 2, 1], max 2: (1 + 0 + 0 + 1) / (3 * 2) = 1/3
    assert network.degree_centralisation(graph(4, [(0, 1), (1, 2), (2, 3)])) == 1 / 3
    assert network.degree_centralisation(graph(2, [(0, 1)])) is None


def test_reach_on_a_four_vertex_chain():
    reach = network.reach_shares(digraph(4, [(0, 1), (1, 2), (2, 3)]), (1, 2, 3, 4))
    assert reach.shares == {1: 3 / 12, 2: 5 / 12, 3: 6 / 12, 4: 6 / 12}
    assert reach.mean_path_length == 10 / 6  # (1 + 2 + 3 + 1 + 2 + 1) / 6
    assert reach.sources is None
    assert network.hop_histogram(digraph(4, [(0, 1), (1, 2), (2, 3)]), np.array([0])).tolist() == [0, 1, 1, 1, 0]


def test_reach_of_an_undirected_graph_goes_both_ways():
    reach = network.reach_shares(graph(3, [(0, 1), (1, 2)]), (1, 2))
    assert reach.shares == {1: 4 / 6, 2: 1.0}
    assert reach.mean_path_length == 8 / 6  # 4 pairs at 1 hop, 2 pairs at 2 hops


def test_sampled_reach_counts_the_sampled_sources_only():
    # A star pointing out of vertex 0: only 0 reaches anyone (everyone, in one hop).
    n = 50
    star = digraph(n, [(0, i) for i in range(1, n)])
    exact = network.reach_shares(star, (1,))
    assert exact.shares[1] == (n - 1) / (n * (n - 1))

    sampled = network.reach_shares(star, (1, 2), exact_limit=10, sources=5, seed=3)
    chosen = np.random.default_rng(3).choice(n, size=5, replace=False)
    assert sampled.sources == 5
    assert sampled.shares[1] == (n - 1) * int(0 in chosen) / (5 * (n - 1))
    assert sampled.mean_path_length == (1.0 if 0 in chosen else None)
    assert network.reach_shares(star, (1,), exact_limit=10, sources=0).shares == {1: None}


def test_sampled_reach_of_a_strongly_connected_graph_is_one():
    n = 300
    rng = np.random.default_rng(0)
    cycle = [(i, (i + 1) % n) for i in range(n)]
    chords = [tuple(pair) for pair in rng.integers(0, n, (600, 2)).tolist()]
    net = digraph(n, cycle + chords)  # the cycle makes every vertex reach every other
    reach = network.reach_shares(net, (1, 300), exact_limit=100, sources=40)
    assert reach.sources == 40
    assert reach.shares[300] == 1.0
    assert 0 < reach.shares[1] < 1


def test_reach_in_batches_of_more_than_64_sources():
    # 130 sources need three bit-parallel passes; a directed cycle gives k / (n - 1) for every source.
    n = 130
    net = digraph(n, [(i, (i + 1) % n) for i in range(n)])
    reach = network.reach_shares(net, (1, 2, 129))
    assert reach.shares == {1: 1 / 129, 2: 2 / 129, 129: 1.0}
    assert reach.mean_path_length == 65.0  # (1 + ... + 129) / 129


def test_reach_uses_both_push_and_pull_levels():
    # A complete digraph: level 1 expands every edge from 64 sources (a gathering level).
    n = 70
    net = digraph(n, [(i, j) for i in range(n) for j in range(n) if i != j])
    reach = network.reach_shares(net, (1,))
    assert reach.shares == {1: 1.0} and reach.mean_path_length == 1.0


def two_triangles() -> network.Network:
    # Triangles {0, 1, 2} and {3, 4, 5} joined by 2 -- 3; vertex 6 is isolated.
    return graph(7, [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5), (2, 3)])


def test_leiden_modularity_and_bridges_of_two_triangles():
    net = two_triangles()
    membership = network.leiden(net, seed=1)
    assert membership[0] == membership[1] == membership[2] != membership[3] == membership[4] == membership[5]
    assert membership[6] not in membership[:6]  # alone
    # Q = 2 * (3/7 - (7/14)^2)
    assert abs(network.modularity_q(net, membership) - 2 * (3 / 7 - 0.25)) < 1e-9
    # Betweenness: 2 and 3 each carry 6 shortest paths (ids 20 and 30), everybody else none.
    assert network.bridges(net) == [20, 30]
    assert network.bridges(net, top=1) == [20]  # a tie, broken by the smaller member id
    assert network.bridges(net, exact_limit=3, sources=100) == [20, 30]


def test_sampled_bridges_use_the_sampled_sources():
    # A path 0 - 1 - 2 - 3 - 4: the middle vertex carries most paths; from sampled sources only
    # vertices strictly between a source and a target get credit.
    net = graph(5, [(0, 1), (1, 2), (2, 3), (3, 4)])
    chosen = np.random.default_rng(9).choice(5, size=2, replace=False)
    expected = net.graph.betweenness(directed=False, sources=sorted(chosen.tolist()), targets=None)
    top = np.lexsort((np.arange(5), -np.asarray(expected)))
    positive = [int(v) * 10 for v in top if expected[v] > 0]
    assert network.bridges(net, exact_limit=2, sources=2, seed=9) == positive


def test_leiden_is_deterministic_and_leaves_the_random_module_in_place():
    rng = np.random.default_rng(4)
    net = graph(200, rng.integers(0, 200, (600, 2)).tolist(), rng.integers(1, 5, 600).tolist())
    state = random.getstate()
    first = network.leiden(net, seed=5, resolution=1.0)
    assert random.getstate() == state  # the seeded generator is private to the call
    assert (network.leiden(net, seed=5, resolution=1.0) == first).all()
    # igraph is back on the random module afterwards
    random.seed(1)
    a = net.graph.community_leiden(objective_function="modularity", n_iterations=2).membership
    random.seed(1)
    b = net.graph.community_leiden(objective_function="modularity", n_iterations=2).membership
    assert a == b


def test_a_higher_resolution_makes_more_clusters():
    rng = np.random.default_rng(8)
    net = graph(150, rng.integers(0, 150, (500, 2)).tolist())
    coarse = len(set(network.leiden(net, resolution=0.5).tolist()))
    fine = len(set(network.leiden(net, resolution=3.0).tolist()))
    assert fine > coarse


def test_modularity_q_matches_igraph():
    net = two_triangles()
    membership = np.array([0, 0, 0, 1, 1, 1, 2])
    expected = igraph.Graph(n=7, edges=net.edges.tolist()).modularity(membership.tolist(), resolution=0.5)
    assert abs(network.modularity_q(net, membership, resolution=0.5) - expected) < 1e-12
    assert network.modularity_q(graph(3, []), np.array([0, 1, 2])) is None
