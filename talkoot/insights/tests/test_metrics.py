"""The insight measures on small hand-built frames, with the expected answers worked out by hand."""

import json
import math
from datetime import UTC, datetime, timedelta

import igraph
import numpy as np
import polars as pl
import pytest

from talkoot.insights import metrics
from talkoot.insights.frames import InsightFrames, Window

WINDOW = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
NOW = datetime(2026, 4, 1, 6, tzinfo=UTC)
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


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def build(**frames: pl.DataFrame | bool) -> InsightFrames:
    return InsightFrames.build(WINDOW, **frames)


def members(*ids: int, **columns: list) -> pl.DataFrame:
    return pl.DataFrame({"member": list(ids), **columns})


def gifts(*rows: tuple) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Contributions and receipts from (giver, minutes, happened_at, [receivers], beneficiaries, action)."""
    contributions, receipts = [], []
    for number, (giver, minutes, happened_at, receivers, beneficiaries, action) in enumerate(rows, start=1):
        contributions.append(
            {
                "contribution": number,
                "giver": giver,
                "minutes": minutes,
                "happened_at": happened_at,
                "beneficiaries": beneficiaries,
                "action": action,
            }
        )
        receipts += [{"contribution": number, "receiver": receiver} for receiver in receivers]
    receipt_frame = pl.DataFrame(receipts, schema={"contribution": pl.Int64, "receiver": pl.Int64})
    return pl.DataFrame(contributions), receipt_frame


def walk(value: object) -> list[object]:
    """Every leaf of a nested dict/list."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in walk(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in walk(item)]
    return [value]


def assert_plain(result: dict) -> None:
    for leaf in walk(result):
        assert leaf is None or type(leaf) in (int, float, str, bool), (leaf, type(leaf))
        if isinstance(leaf, float):
            assert math.isfinite(leaf)
    json.dumps(result, allow_nan=False)


# --- Whole report ---------------------------------------------------------------------------------


def test_empty_frames_give_nones_and_zeros():
    result = metrics.report(build(), generated_at=NOW)

    assert list(result) == ["window", "generated_at", *GROUPS]
    assert result["window"] == {"since": "2026-01-01T00:00:00+00:00", "until": "2026-04-01T00:00:00+00:00"}
    assert result["generated_at"] == "2026-04-01T06:00:00+00:00"
    assert_plain(result)
    assert result["resource_base"] == {
        "members": 0,
        "contributors": 0,
        "contributor_share": None,
        "gini_minutes": None,
        "top10_share": None,
        "commons_share": None,
        "new_contributors_by_month": {},
    }
    assert set(result["reciprocity"].values()) == {None}
    assert set(result["trust"].values()) == {None}
    assert result["clusters"]["count"] == 0 and result["clusters"]["sizes"] == []
    assert result["clusters"]["bridges"] == [] and result["clusters"]["modularity_q"] is None
    assert result["modularity"]["takeup_by_effort"] == dict.fromkeys(("le15", "16_30", "31_60", "61_120", "gt120"))
    assert result["sustainability"] == {
        "retention_monthly": None,
        "overloaded": 0,
        "unmet_tasks": 0,
        "stuck_actions": 0,
    }


def test_a_single_member_does_not_break_anything():
    contributions, receipts = gifts((1, 30, at(2, 1), [1], 1, 7), (1, 20, at(2, 2), [], 0, None))
    frames = build(
        members=members(1, home_community=[5], is_steward=[True]),
        contributions=contributions,
        receipts=receipts,  # a gift to oneself: a self-loop, dropped
        trust=pl.DataFrame({"truster": [1], "trusted": [1], "created_at": [at(1, 2)]}),
        actions=pl.DataFrame({"action": [7], "started_by": [1], "stage": ["initiate"], "created_at": [at(1, 2)]}),
    )
    result = metrics.report(frames, generated_at=NOW)

    assert_plain(result)
    assert result["resource_base"]["contributors"] == 1
    assert result["resource_base"]["gini_minutes"] == 0.0  # (2*1 - 1 - 1) * 50 / (1 * 50)
    assert result["resource_base"]["commons_share"] == 0.4  # 20 of 50 minutes
    assert set(result["reciprocity"].values()) == {None}  # the only edge was a self-loop
    assert result["decentralisation"]["degree_centralisation"] is None  # n = 1 < 3
    assert result["decentralisation"]["steward_share"] == 1.0
    assert result["decentralisation"]["initiative_top5_share"] == 1.0
    assert result["trust"]["density"] is None and result["trust"]["reach_1"] is None  # n < 2
    assert result["trust"]["reciprocity"] is None  # trusting oneself is dropped
    assert result["clusters"]["count"] == 0


def test_report_is_json_and_calls_progress_before_each_group():
    contributions, receipts = gifts(
        (1, 10, at(1, 5), [2], 1, 100),
        (2, 20, at(1, 6), [1, 3], 2, 100),
        (3, 30, at(2, 6), [], 0, 101),
        (4, 15, at(3, 20), [1], 1, None),
    )
    frames = build(
        members=members(1, 2, 3, 4, home_community=[1, 1, 2, None], is_steward=[True, False, None, False]),
        contributions=contributions,
        receipts=receipts,
        trust=pl.DataFrame({"truster": [1, 2, 3], "trusted": [2, 1, 4], "created_at": [at(1, 1)] * 3}),
        actions=pl.DataFrame(
            {"action": [100, 101], "started_by": [1, 3], "stage": ["assess", "initiate"], "created_at": [at(1, 1)] * 2}
        ),
        tasks=pl.DataFrame(
            {"task": [1], "action": [100], "effort_minutes": [20], "slots": [1], "taken": [1], "created_at": [at(1, 1)]}
        ),
        claims=pl.DataFrame({"task": [1], "member": [2], "created_at": [at(1, 2)]}),
        assessments=pl.DataFrame({"action": [100], "score": [4]}),
        thanks=pl.DataFrame({"contribution": [1, 2]}),
    )
    seen: list[str] = []
    result = metrics.report(frames, generated_at=NOW, progress=seen.append)

    assert seen == list(GROUPS)
    assert list(result) == ["window", "generated_at", *GROUPS]
    assert_plain(result)
    assert result == json.loads(json.dumps(result, allow_nan=False))


# --- resource_base --------------------------------------------------------------------------------


def test_resource_base():
    contributions, receipts = gifts(
        (1, 10, at(1, 10), [2], 1, None),
        (2, 20, at(2, 10), [3], 1, None),
        (3, 30, at(1, 20), [], 0, None),  # to the commons
    )
    frames = build(
        members=members(
            1,
            2,
            3,
            4,
            first_contributed_at=[datetime(2025, 12, 1, tzinfo=UTC), None, at(1, 15), None],
        ),
        contributions=contributions,
        receipts=receipts,
    )
    result = metrics.resource_base(frames)

    assert result["members"] == 4
    assert result["contributors"] == 3
    assert result["contributor_share"] == 0.75  # 3 / 4
    # Gini of [10, 20, 30]: n = 3, sum 60, ((2-4)*10 + (4-4)*20 + (6-4)*30) / (3*60) = 40/180
    assert result["gini_minutes"] == pytest.approx(40 / 180, abs=1e-4)
    assert result["top10_share"] == 0.5  # ceil(0.3) = 1 contributor: 30 of 60 minutes
    assert result["commons_share"] == 0.5  # 30 of 60 minutes went to the commons
    # 1 started before the window; 2 has no first_contributed_at, but gave in February;
    # 3 started on 15 January; 4 never gave.
    assert result["new_contributors_by_month"] == {"2026-01": 1, "2026-02": 1}


def test_gini_and_top10_of_many():
    assert metrics.gini([10, 20, 30]) == 0.2222
    assert metrics.gini([5, 5, 5, 5]) == 0.0
    assert metrics.gini([0, 0, 0, 12]) == 0.75  # (-3*0 - 1*0 + 1*0 + 3*12) / (4 * 12)
    assert metrics.gini([]) is None
    assert metrics.gini([0, 0]) is None
    # 11 contributors: ceil(1.1) = 2 make the top 10%, 100 + 50 of 150 + 9 * 10 = 240 minutes.
    rows = [(1, 100, at(1, 2), [], 0, None), (2, 50, at(1, 2), [], 0, None)]
    rows += [(giver, 10, at(1, 2), [], 0, None) for giver in range(3, 12)]
    contributions, _ = gifts(*rows)
    assert metrics.resource_base(build(contributions=contributions))["top10_share"] == 0.625  # 150 / 240


# --- The contribution graph and reciprocity -------------------------------------------------------


def test_a_contribution_to_two_beneficiaries_splits_its_minutes():
    contributions, receipts = gifts(
        (1, 60, at(1, 2), [2, 3], 2, None),  # 30 minutes to each
        (4, 60, at(1, 3), [2, 3], 3, None),  # 3 beneficiaries, one without an account: 20 each
        (5, 40, at(1, 4), [2], None, None),  # beneficiaries unknown: split over the receipts, 40
    )
    graphs = metrics.Graphs(build(contributions=contributions, receipts=receipts))
    net = graphs.contribution
    assert net.ids.tolist() == [1, 2, 3, 4, 5]  # vertex v is member v + 1
    # 1 -> 2, 1 -> 3, 4 -> 2, 4 -> 3, 5 -> 2
    assert net.edges.tolist() == [[0, 1], [0, 2], [3, 1], [3, 2], [4, 1]]
    assert net.weights.tolist() == [30.0, 30.0, 20.0, 20.0, 40.0]
    assert net.in_strength().tolist() == [0.0, 90.0, 50.0, 0.0, 0.0]


def test_self_loops_are_dropped_from_every_graph():
    contributions, receipts = gifts(
        (1, 60, at(1, 2), [1, 2], 2, 10),  # 1 -> 1 is a self-loop: only 1 -> 2 (30 minutes) stays
        (2, 10, at(1, 3), [2], 1, 10),  # only a self-loop
    )
    frames = build(
        contributions=contributions,
        receipts=receipts,
        trust=pl.DataFrame({"truster": [1, 2], "trusted": [1, 1], "created_at": [at(1, 1)] * 2}),
    )
    graphs = metrics.Graphs(frames)

    assert graphs.contribution.edges.tolist() == [[0, 1]] and graphs.contribution.weights.tolist() == [30.0]
    assert graphs.trust.edges.tolist() == [[1, 0]]
    # collaboration 1 -- 2: one shared action (10) + one contribution between them (1 -> 2)
    assert graphs.collaboration.edges.tolist() == [[0, 1]] and graphs.collaboration.weights.tolist() == [2.0]
    result = metrics.reciprocity(frames)
    assert result["edge_reciprocity"] == 0.0
    assert result["give_and_receive_share"] == 0.0  # 1 only gave, 2 only received


def test_commons_gifts_have_no_edge():
    contributions, receipts = gifts((1, 60, at(1, 2), [], 0, None), (1, 30, at(1, 2), [2], 0, None))
    frames = build(contributions=contributions, receipts=receipts)
    assert metrics.Graphs(frames).contribution.e == 0
    assert metrics.resource_base(frames)["commons_share"] == 1.0
    assert metrics.reciprocity(frames)["edge_reciprocity"] is None


def test_reciprocity():
    contributions, receipts = gifts(
        (1, 10, at(1, 1), [2], 1, None),
        (1, 5, at(2, 1), [2], 1, None),  # a second 1 -> 2, summed: 15 minutes, first on 1 January
        (2, 20, at(1, 11, 12), [1], 1, None),
        (2, 30, at(1, 12), [3], 1, None),
        (3, 15, at(1, 13), [4], 1, None),
    )
    frames = build(members=members(1, 2, 3, 4, 5), contributions=contributions, receipts=receipts)
    result = metrics.reciprocity(frames)

    # Edges 1->2, 2->1, 2->3, 3->4: two of four have their reverse.
    assert result["edge_reciprocity"] == 0.5
    # 1, 2, 3 gave and received, 4 only received; 5 has no flow and does not count.
    assert result["give_and_receive_share"] == 0.75
    # Strong components {1, 2}, {3}, {4}, {5}: 1->2 and 2->1 lie inside one.
    assert result["cycle_edge_share"] == 0.5
    assert result["largest_cycle_group"] == 2
    # |given - received| / (given + received): 1: 5/35, 2: 35/65, 3: 15/45, 4: 15/15;
    # median of [0.1429, 0.3333, 0.5385, 1.0] = (1/3 + 35/65) / 2
    assert result["asymmetry_median"] == pytest.approx((1 / 3 + 35 / 65) / 2, abs=1e-4)
    # {1, 2}: first 1 -> 2 on 1 January 00:00, first 2 -> 1 on 11 January 12:00
    assert result["lag_days_median"] == 10.5


def test_an_acyclic_contribution_graph_has_cycle_groups_of_one():
    contributions, receipts = gifts((1, 10, at(1, 1), [2], 1, None), (2, 10, at(1, 2), [3], 1, None))
    result = metrics.reciprocity(build(contributions=contributions, receipts=receipts))
    assert result["largest_cycle_group"] == 1
    assert result["cycle_edge_share"] == 0.0
    assert result["lag_days_median"] is None  # no reciprocated pair
    assert result["asymmetry_median"] == 1.0  # 1: 1, 2: 0 (10 in, 10 out), 3: 1


# --- modularity -----------------------------------------------------------------------------------


def modular_frames(has_tasks: bool = True) -> InsightFrames:
    tasks = pl.DataFrame(
        {
            "task": [1, 2, 3, 4, 5, 6, 7],
            "action": [100, 100, 100, 200, 200, 200, 200],
            "effort_minutes": [10, 15, 30, 25, 90, 200, 45],
            "slots": [1, 2, 1, 1, 2, 1, 1],
            "taken": [1, 2, 1, 1, 1, 1, 2],
            "due_at": [at(1, 5), at(1, 5), None, None, at(1, 20), None, at(1, 10)],
            "created_at": [at(1, 1)] * 7,
            "cancelled": [False, False, None, False, False, True, False],
        }
    )
    claims = pl.DataFrame(
        [
            (1, 1, at(1, 3)),  # task 1 filled on 3 Jan, due 5 Jan: taken up
            (2, 3, at(1, 6)),  # task 2's second slot on 6 Jan, after it was due: not taken up
            (2, 2, at(1, 2)),
            (3, 1, at(1, 8)),  # no due date, filled exactly 7 days after creation: taken up
            (4, 4, at(1, 9)),  # no due date, 8 days after creation: not taken up
            (5, 5, at(1, 2)),  # 1 of 2 slots: never filled
            (6, 9, at(1, 2)),  # a cancelled task: left out, and so is its claimer
            (7, 5, at(1, 2)),  # filled on 2 Jan by its first claim, due 10 Jan: taken up
            (7, 6, at(1, 3)),
        ],
        schema=["task", "member", "created_at"],
        orient="row",
    )
    contributions, receipts = gifts(
        (1, 10, at(1, 4), [], 0, 100),
        (7, 10, at(1, 4), [], 0, 100),
        (8, 10, at(1, 4), [], 0, 400),  # an action of the contributions only
    )
    actions = pl.DataFrame({"action": [100, 200, 300], "stage": ["deliver"] * 3, "created_at": [at(1, 1)] * 3})
    return build(
        tasks=tasks,
        claims=claims,
        contributions=contributions,
        receipts=receipts,
        actions=actions,
        has_tasks=has_tasks,
    )


def test_modularity():
    result = metrics.modularity(modular_frames())

    # Efforts of the live tasks, sorted: 10, 15, 25, 30, 45, 90 (200 was cancelled).
    assert result["effort_median"] == 27.5  # (25 + 30) / 2
    assert result["effort_p90"] == 67.5  # linear: position 0.9 * 5 = 4.5, 45 + 0.5 * (90 - 45)
    assert result["share_tasks_le_30"] == 0.6667  # 4 of 6
    assert result["takeup_by_effort"] == {
        "le15": 0.5,  # task 1 yes, task 2 no
        "16_30": 0.5,  # task 3 yes (no due date, 7 days), task 4 no (8 days)
        "31_60": 1.0,  # task 7
        "61_120": 0.0,  # task 5 never filled
        "gt120": None,  # only the cancelled task 6
    }
    # 100: {1, 2, 3, 7}, 200: {4, 5, 6} (9 claimed a cancelled task), 300: nobody, 400: {8}
    assert result["people_per_action_median"] == 2.0  # median of [0, 1, 3, 4]


def test_modularity_without_tasks():
    result = metrics.modularity(modular_frames(has_tasks=False))

    assert result["effort_median"] is None and result["effort_p90"] is None
    assert result["share_tasks_le_30"] is None
    assert set(result["takeup_by_effort"].values()) == {None}
    # From contributions alone: 100: {1, 7}, 200: 0, 300: 0, 400: {8}
    assert result["people_per_action_median"] == 0.5


# --- decentralisation -----------------------------------------------------------------------------


def test_decentralisation():
    contributions, receipts = gifts(
        (1, 10, at(1, 2), [], 0, 10),
        (2, 10, at(1, 2), [], 0, 10),
        (1, 10, at(1, 2), [], 0, 11),
        (3, 10, at(1, 2), [], 0, 11),
        (1, 10, at(1, 2), [], 0, 12),
        (4, 10, at(1, 2), [], 0, 12),
    )
    starters = [1] * 6 + [2] * 2 + [3, 4, 5, 6, 7] + [None]
    actions = pl.DataFrame(
        {"action": range(len(starters)), "started_by": starters, "stage": "deliver", "created_at": at(1, 1)}
    )
    frames = build(
        members=members(1, 2, 3, 4, 5, is_steward=[True, True, None, False, False]),
        contributions=contributions,
        receipts=receipts,
        actions=actions,
    )
    result = metrics.decentralisation(frames)

    # A star 1 -- {2, 3, 4} among 7 vertices (5, 6, 7 isolated; 6 and 7 only started actions and are
    # not in the vertex set: members 1..5 plus the givers). n = 5, degrees [3, 1, 1, 1, 0]:
    # (0 + 2 + 2 + 2 + 3) / (4 * 3) = 0.75
    assert result["degree_centralisation"] == 0.75
    # Actions per initiator [6, 2, 1, 1, 1, 1, 1] (the null starter is left out): top 5 = 11 of 13
    assert result["initiative_top5_share"] == pytest.approx(11 / 13, abs=1e-4)
    # Gini of [1, 1, 1, 1, 1, 2, 6]: coefficients 2i - 8 = -6, -4, -2, 0, 2, 4, 6
    # (-6 - 4 - 2 + 0 + 2 + 8 + 36) / (7 * 13) = 34 / 91
    assert result["initiative_gini"] == pytest.approx(34 / 91, abs=1e-4)
    assert result["steward_share"] == 0.4  # 2 of 5 (null is not a steward)
    assert metrics.decentralisation(build(members=members(1), has_stewards=False))["steward_share"] is None


# --- trust ----------------------------------------------------------------------------------------


def trust_frames(edges: list[tuple[int, int]], **extra: pl.DataFrame) -> InsightFrames:
    trust = pl.DataFrame(edges, schema=["truster", "trusted"], orient="row").with_columns(created_at=at(1, 1))
    return build(trust=trust, **extra)


def test_trust_on_a_four_member_chain():
    result = metrics.trust(trust_frames([(1, 2), (2, 3), (3, 4)]))

    # n = 4: 12 ordered pairs; 3 edges.
    assert result["density"] == 0.25  # 3 / (4 * 3)
    assert result["reciprocity"] == 0.0
    assert result["reach_1"] == 0.25  # 1->2, 2->3, 3->4
    assert result["reach_2"] == 0.4167  # + 1->3, 2->4 = 5 / 12
    assert result["reach_3"] == 0.5  # + 1->4 = 6 / 12
    assert result["radius"] == 3  # the first k with reach_k >= 0.5
    assert result["reach_sources"] is None  # exact
    assert result["mean_path_length"] == 1.6667  # (1+2+3 + 1+2 + 1) / 6 = 10 / 6


def test_trust_reach_is_sampled_above_the_exact_limit():
    complete = [(i, j) for i in range(1, 31) for j in range(1, 31) if i != j]
    result = metrics.trust(trust_frames(complete), exact_reach_limit=5, reach_sources=8)
    # Everyone reaches everyone in one hop, whatever the sources.
    assert result["reach_sources"] == 8
    assert result["reach_1"] == result["reach_2"] == result["reach_3"] == 1.0
    assert result["mean_path_length"] == 1.0 and result["radius"] == 1
    assert result["density"] == 1.0 and result["reciprocity"] == 1.0

    # A directed cycle of 10: every source reaches exactly k others within k hops, so any sample
    # gives reach_k = k * sources / (sources * 9), and a mean path of (1 + ... + 9) / 9 = 5.
    cycle = [(i, i % 10 + 1) for i in range(1, 11)]
    sampled = metrics.trust(trust_frames(cycle), exact_reach_limit=3, reach_sources=4)
    exact = metrics.trust(trust_frames(cycle))
    assert sampled["reach_sources"] == 4 and exact["reach_sources"] is None
    for result in (sampled, exact):
        assert (result["reach_1"], result["reach_2"], result["reach_3"]) == (0.1111, 0.2222, 0.3333)
        assert result["mean_path_length"] == 5.0
        assert result["radius"] == 5  # 5 / 9 >= 0.5 > 4 / 9


def test_trust_without_edges_reaches_nobody():
    result = metrics.trust(build(members=members(1, 2, 3)))
    assert result["density"] == 0.0 and result["reciprocity"] is None
    assert result["reach_1"] == 0.0 and result["radius"] is None and result["mean_path_length"] is None


# --- clusters -------------------------------------------------------------------------------------


def two_triangles() -> InsightFrames:
    # Actions 1: {1, 2, 3}, 2: {4, 5, 6}, 3: {3, 4}; member 7 gives alone.
    rows = [(giver, 10, at(1, 2), [], 0, 1) for giver in (1, 2, 3)]
    rows += [(giver, 10, at(1, 2), [], 0, 2) for giver in (4, 5, 6)]
    rows += [(giver, 10, at(1, 2), [], 0, 3) for giver in (3, 4)]
    rows += [(7, 10, at(1, 2), [], 0, 4)]
    contributions, receipts = gifts(*rows)
    return build(
        members=members(1, 2, 3, 4, 5, 6, 7, home_community=[100, 100, 100, 200, 200, None, 200]),
        contributions=contributions,
        receipts=receipts,
    )


def test_clusters_of_two_triangles():
    result = metrics.clusters(two_triangles(), seed=7)

    assert result["method"] == "leiden-modularity" and result["seed"] == 7 and result["resolution"] == 1.0
    assert result["count"] == 2  # 7 has no collaboration edge and is no cluster
    assert result["sizes"] == [3, 3]
    # m = 7 edges of weight 1, every cluster holds 3 edges and degree 2 + 2 + 3 = 7:
    # Q = 2 * (3/7 - (7/14)^2) = 0.3571
    assert result["modularity_q"] == pytest.approx(2 * (3 / 7 - 0.25), abs=1e-4)
    # 3 and 4 each lie on the 6 shortest paths between {1, 2} / {3} and {4} / {5, 6}; ties by id.
    assert result["bridges"] == [3, 4]
    # Edges with both home communities known: 1-2, 1-3, 2-3, 3-4, 4-5 (6 has none): 1 of 5 crosses
    assert result["cross_community_share"] == 0.2

    members_ = metrics.cluster_membership(two_triangles(), seed=7).sort("member")
    assert members_["member"].to_list() == [1, 2, 3, 4, 5, 6]
    labels = members_["cluster"].to_list()
    assert labels[0] == labels[1] == labels[2] != labels[3] == labels[4] == labels[5]


def test_sampled_betweenness_above_the_exact_limit():
    result = metrics.clusters(two_triangles(), betweenness_exact_limit=2, betweenness_sources=100)
    assert result["bridges"] == [3, 4]  # 100 sources >= 7 vertices: every vertex is a source


def random_collaboration(seed: int, people: int = 120, actions: int = 80) -> InsightFrames:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 6, actions)
    givers = rng.integers(1, people + 1, int(sizes.sum()))
    action = np.repeat(np.arange(actions), sizes)
    contributions = pl.DataFrame(
        {
            "contribution": np.arange(len(givers)),
            "giver": givers,
            "minutes": 30,
            "happened_at": at(2, 1),
            "action": action,
            "beneficiaries": 0,
        }
    )
    return build(contributions=contributions)


def test_leiden_is_deterministic_for_a_seed():
    frames = random_collaboration(5)
    first = metrics.clusters(frames, seed=11)
    again = metrics.clusters(random_collaboration(5), seed=11)
    assert first == again
    assert first["count"] > 1
    one = metrics.cluster_membership(frames, seed=11).sort("member")
    two = metrics.cluster_membership(random_collaboration(5), seed=11).sort("member")
    assert one.equals(two)


def test_planted_clusters_are_recovered():
    # 2,000 members in 10 planted groups of 200; every action belongs to a group and 90% of its
    # contributors (and of the receivers of their contributions) come from that group.
    rng = np.random.default_rng(42)
    people, groups, actions = 2000, 10, 1500
    group_of = np.arange(people) // (people // groups)
    action_group = rng.integers(0, groups, actions)
    sizes = rng.integers(3, 9, actions)
    action = np.repeat(np.arange(actions), sizes)
    home = np.repeat(action_group, sizes)

    def pick(count: int) -> np.ndarray:
        local = home[:count] * (people // groups) + rng.integers(0, people // groups, count)
        return np.where(rng.random(count) < 0.9, local, rng.integers(0, people, count))

    givers = pick(len(action))
    receivers = pick(len(action))
    contributions = pl.DataFrame(
        {
            "contribution": np.arange(len(action)),
            "giver": givers,
            "minutes": rng.integers(10, 120, len(action)),
            "happened_at": at(2, 1),
            "action": action,
            "beneficiaries": 1,
        }
    )
    receipts = pl.DataFrame({"contribution": np.arange(len(action)), "receiver": receivers})
    frames = build(
        members=pl.DataFrame({"member": np.arange(people), "home_community": group_of}),
        contributions=contributions,
        receipts=receipts,
    )
    result = metrics.clusters(frames)
    found = metrics.cluster_membership(frames).sort("member")
    planted = group_of[found["member"].to_numpy()]

    nmi = igraph.compare_communities(planted.tolist(), found["cluster"].to_list(), method="nmi")
    assert nmi >= 0.75
    assert 8 <= result["count"] <= 15
    assert result["modularity_q"] > 0.6
    assert result["cross_community_share"] < 0.3


# --- value_in_use ---------------------------------------------------------------------------------


def value_frames(has_assessments: bool = True) -> InsightFrames:
    contributions = pl.DataFrame(
        {
            "contribution": [1, 2, 3, 4, 5],
            "giver": [1, 2, 3, 1, 2],
            "minutes": 10,
            "happened_at": at(1, 3),
            "action": [1, 1, 1, 2, 2],
            "category": ["care", "care", "food", "transport", "food"],
            "beneficiaries": 0,
        }
    )
    return build(
        contributions=contributions,
        actions=pl.DataFrame(
            {"action": [1, 2, 3, 4], "stage": ["assess", "closed", "deliver", "assess"], "created_at": at(1, 1)}
        ),
        assessments=pl.DataFrame({"action": [1, 1, 2, 5], "score": [4, 5, 3, 2]}),
        thanks=pl.DataFrame({"contribution": [1, 1]}),
        has_assessments=has_assessments,
    )


def test_value_in_use():
    result = metrics.value_in_use(value_frames())

    assert result["mean_score"] == 3.5  # (4 + 5 + 3 + 2) / 4
    assert result["assessed_action_share"] == 0.6667  # of 1, 2, 4 (assess/closed): 1 and 2
    # 1: care x2, food -> care; 2: transport, food tie -> food; 5: no contributions -> other
    assert result["by_category"] == {"care": 4.5, "food": 3.0, "other": 2.0}
    assert list(result["by_category"]) == ["care", "food", "other"]
    assert result["thanks_per_contribution"] == 0.4  # 2 thanks / 5 contributions


def test_value_in_use_without_assessments():
    assert set(metrics.value_in_use(value_frames(has_assessments=False)).values()) == {None}


# --- sustainability -------------------------------------------------------------------------------


def sustainability_frames(has_tasks: bool = True) -> InsightFrames:
    rows = [(giver, 10, at(1, 10), [], 0, None) for giver in (1, 2, 3, 4)]  # January
    rows += [(giver, 10, at(2, 10), [], 0, None) for giver in (1, 2, 5)]  # February
    rows += [(1, 100, at(3, 20), [], 0, None)]  # March (the last 28 days start on 4 March)
    rows += [(giver, 10, at(3, 25), [], 0, None) for giver in (6, 7, 9, 10)]
    rows += [(8, 40, at(3, 31, 23), [], 0, None), (11, 50, at(3, 5), [], 0, None)]
    rows += [(6, 1000, at(3, 3), [], 0, None)]  # before the last 28 days
    contributions, receipts = gifts(*rows)
    frames_members = members(
        1, 6, 7, 8, 9, 11, home_community=[100, 100, 100, None, None, 200]
    )  # 10 is not a member: no home community, like 8 and 9
    tasks = pl.DataFrame(
        {
            "task": [1, 2, 3, 4, 5],
            "effort_minutes": 30,
            "slots": [2, 1, 2, 1, 1],
            "taken": [1, 1, 0, 0, 0],
            "due_at": [at(3, 1), at(3, 1), datetime(2026, 4, 5, tzinfo=UTC), at(3, 1), None],
            "created_at": at(1, 1),
            "cancelled": [False, False, False, True, False],
        }
    )
    actions = pl.DataFrame(
        {
            "action": [1, 2, 3],
            "stage": ["initiate", "initiate", "design"],
            "created_at": [at(3, 1), at(3, 25), at(1, 1)],
        }
    )
    return build(
        members=frames_members,
        contributions=contributions,
        receipts=receipts,
        tasks=tasks,
        actions=actions,
        has_tasks=has_tasks,
    )


def test_sustainability():
    result = metrics.sustainability(sustainability_frames())

    # January {1, 2, 3, 4} -> February {1, 2, 5}: 2 of 4 stay; February -> March: only 1 of 3;
    # March is not counted (April is outside the window). (0.5 + 1/3) / 2
    assert result["retention_monthly"] == 0.4167
    # Last 28 days: home 100: 1: 100, 6: 10, 7: 10 -> median 10, 100 > 30; unknown home:
    # 8: 40, 9: 10, 10: 10 -> median 10, 40 > 30; home 200: 11 alone (50 is not > 150). 6's 1000
    # minutes on 3 March are before the last 28 days.
    assert result["overloaded"] == 2
    # Task 1 (due 1 March, 1 of 2 taken); 2 is full, 3 is due after the window, 4 is cancelled, 5 has no due date
    assert result["unmet_tasks"] == 1
    # Action 1 (initiate since 1 March, before 18 March); 2 is recent, 3 is past initiation
    assert result["stuck_actions"] == 1


def test_sustainability_without_tasks():
    result = metrics.sustainability(sustainability_frames(has_tasks=False))
    assert result["unmet_tasks"] is None and result["stuck_actions"] is None
    assert result["retention_monthly"] == 0.4167


def test_retention_needs_a_whole_next_month():
    contributions, _ = gifts((1, 10, at(1, 10), [], 0, None), (1, 10, at(2, 10), [], 0, None))
    short = Window(WINDOW.since, datetime(2026, 2, 20, tzinfo=UTC))
    frames = InsightFrames.build(short, contributions=contributions)
    assert metrics.sustainability(frames)["retention_monthly"] is None  # February is cut short
    # In the whole window: January -> February 1 of 1, February -> March 0 of 1
    assert metrics.sustainability(build(contributions=contributions))["retention_monthly"] == 0.5


def test_overload_window_is_relative_to_until():
    contributions, _ = gifts((1, 10, WINDOW.until - timedelta(days=28), [], 0, None))
    assert metrics.sustainability(build(contributions=contributions))["overloaded"] == 0  # 10 is not > 30
