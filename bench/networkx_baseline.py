"""The insights as a straightforward implementation would compute them: the ORM, dicts and networkx.

    DATABASE_URL=postgres://... .venv/bin/python bench/networkx_baseline.py [--seed 2026] [--out FILE]

The yardstick of bench/insights.py: the same database (the whole instance, all time), the same
measures with the definitions of talkoot/insights/metrics.py, written the way one would without
thinking about speed: rows come through `values_list` iteration into Python lists and dicts, graphs
are `nx.DiGraph`/`nx.Graph` built edge by edge, and the graph measures are networkx's own:
overall_reciprocity, strongly_connected_components, single_source_shortest_path_length from the same
256 sampled sources above 2,000 vertices, Louvain communities and modularity (talkoot uses Leiden,
so cluster figures differ a little), betweenness with k=64 samples above 5,000 vertices. Prints the
report as JSON (or writes it to --out), with the seconds of each stage under "timings".
Not a test and not part of the product.
"""

import argparse
import itertools
import json
import math
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXACT_REACH_LIMIT = 2_000
REACH_SOURCES = 256
BETWEENNESS_EXACT_LIMIT = 5_000
BETWEENNESS_SOURCES = 64
TAKEUP_WITHOUT_DUE = timedelta(days=7)
OVERLOAD_DAYS = 28
OVERLOAD_FACTOR = 3
STUCK_DAYS = 14
TOP_INITIATORS = 5
BUCKETS = [("le15", 15), ("16_30", 30), ("31_60", 60), ("61_120", 120)]


def gini(values: list[float]) -> float | None:
    values = sorted(values)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return None
    weighted = sum((index + 1) * value for index, value in enumerate(values))
    return (2 * weighted) / (n * total) - (n + 1) / n


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def month_of(moment: datetime) -> tuple[int, int]:
    return moment.year, moment.month


def next_month(month: tuple[int, int]) -> tuple[int, int]:
    year, number = month
    return (year + 1, 1) if number == 12 else (year, number + 1)


def read(now: datetime) -> dict:
    """Every row the measures need, through the ORM, into plain Python structures."""
    from talkoot.actions.models import Action, Claim, Task
    from talkoot.communities.models import Membership, Trust
    from talkoot.contributions.models import Assessment, Contribution, ContributionBeneficiary, Thanks

    chunk = 20_000
    members: dict[int, dict] = {}
    for member_id, community_id, is_steward in (
        Membership.objects.filter(left_at__isnull=True, joined_at__lt=now)
        .order_by("joined_at", "community_id")
        .values_list("member_id", "community_id", "is_steward")
        .iterator(chunk_size=chunk)
    ):
        entry = members.setdefault(member_id, {"home": community_id, "steward": False})  # home: joined first
        entry["steward"] = entry["steward"] or is_steward
    contributions: dict[int, dict] = {}
    for cid, giver, minutes, happened_at, action_id, category in (
        Contribution.objects.filter(withdrawn_at__isnull=True, happened_at__lt=now)
        .values_list("id", "contributor_id", "minutes", "happened_at", "action_id", "category")
        .iterator(chunk_size=chunk)
    ):
        contributions[cid] = {
            "giver": giver,
            "minutes": minutes,
            "happened_at": happened_at,
            "action": action_id,
            "category": category,
            "receivers": [],
            "beneficiaries": 0,
        }
    for cid, member_id in ContributionBeneficiary.objects.values_list("contribution_id", "member_id").iterator(
        chunk_size=chunk
    ):
        if cid in contributions:
            contributions[cid]["beneficiaries"] += 1
            if member_id is not None:
                contributions[cid]["receivers"].append(member_id)
    trust = list(
        Trust.objects.filter(withdrawn_at__isnull=True, created_at__lt=now)
        .values_list("truster_id", "trusted_id")
        .distinct()
        .iterator(chunk_size=chunk)
    )
    actions = {
        aid: {"started_by": started_by, "stage": stage, "created_at": created_at}
        for aid, started_by, stage, created_at in Action.objects.filter(created_at__lt=now)
        .values_list("id", "started_by_id", "stage", "created_at")
        .iterator(chunk_size=chunk)
    }
    tasks = {
        tid: {
            "action": action_id,
            "effort": effort,
            "slots": slots,
            "taken": taken,
            "due_at": starts_at or deadline,
            "created_at": created_at,
        }
        for tid, action_id, effort, slots, taken, starts_at, deadline, created_at in Task.objects.filter(
            cancelled_at__isnull=True, created_at__lt=now
        )
        .values_list("id", "action_id", "effort_minutes", "slots", "taken", "starts_at", "deadline", "created_at")
        .iterator(chunk_size=chunk)
    }
    claims = [
        (task_id, member_id, created_at)
        for task_id, member_id, created_at in Claim.objects.filter(status__in=["active", "done"])
        .values_list("task_id", "member_id", "created_at")
        .iterator(chunk_size=chunk)
        if task_id in tasks
    ]
    assessments = list(Assessment.objects.values_list("action_id", "value_in_use").iterator(chunk_size=chunk))
    thanks = sum(
        1
        for cid in Thanks.objects.values_list("contribution_id", flat=True).iterator(chunk_size=chunk)
        if cid in contributions
    )
    return {
        "members": members,
        "contributions": contributions,
        "trust": trust,
        "actions": actions,
        "tasks": tasks,
        "claims": claims,
        "assessments": assessments,
        "thanks": thanks,
    }


def build_graphs(data: dict):
    """The contribution, collaboration and trust graphs, edge by edge, over one vertex set."""
    import networkx as nx

    vertices = set(data["members"])
    contribution = nx.DiGraph()
    first_at: dict[tuple[int, int], datetime] = {}
    collaboration = nx.Graph()
    together: dict[int, set] = defaultdict(set)

    def collaborate(u: int, v: int) -> None:
        if collaboration.has_edge(u, v):
            collaboration[u][v]["weight"] += 1
        else:
            collaboration.add_edge(u, v, weight=1)

    for item in data["contributions"].values():
        giver = item["giver"]
        vertices.add(giver)
        if item["action"] is not None:
            together[item["action"]].add(giver)
        for receiver in set(item["receivers"]):
            vertices.add(receiver)
            if receiver == giver:
                continue
            weight = item["minutes"] / item["beneficiaries"]
            if contribution.has_edge(giver, receiver):
                contribution[giver][receiver]["weight"] += weight
                first_at[(giver, receiver)] = min(first_at[(giver, receiver)], item["happened_at"])
            else:
                contribution.add_edge(giver, receiver, weight=weight)
                first_at[(giver, receiver)] = item["happened_at"]
            collaborate(giver, receiver)
    for group in together.values():
        for u, v in itertools.combinations(sorted(group), 2):
            collaborate(u, v)
    trust = nx.DiGraph()
    for truster, trusted in data["trust"]:
        vertices.update((truster, trusted))
        if truster != trusted:
            trust.add_edge(truster, trusted)
    for graph in (contribution, collaboration, trust):
        graph.add_nodes_from(vertices)
    return contribution, first_at, collaboration, trust, sorted(vertices)


def resource_base(data: dict) -> dict:
    given: dict[int, float] = defaultdict(float)
    first: dict[int, datetime] = {}
    commons = total = 0.0
    for item in data["contributions"].values():
        given[item["giver"]] += item["minutes"]
        total += item["minutes"]
        if item["beneficiaries"] == 0:
            commons += item["minutes"]
        if item["giver"] not in first or item["happened_at"] < first[item["giver"]]:
            first[item["giver"]] = item["happened_at"]
    ranked = sorted(given.values(), reverse=True)
    top = math.ceil(0.1 * len(ranked))
    by_month = Counter(f"{first[m]:%Y-%m}" for m in data["members"] if m in first)
    return {
        "members": len(data["members"]),
        "contributors": len(given),
        "contributor_share": share(len(given), len(data["members"])),
        "gini_minutes": gini(ranked),
        "top10_share": share(sum(ranked[:top]), total) if ranked else None,
        "commons_share": share(commons, total),
        "new_contributors_by_month": dict(sorted(by_month.items())),
    }


def modularity(data: dict) -> dict:
    tasks = data["tasks"]
    efforts = sorted(task["effort"] for task in tasks.values())
    p90 = None
    if efforts:  # numpy.percentile's linear interpolation
        position = 0.9 * (len(efforts) - 1)
        low = math.floor(position)
        high = min(low + 1, len(efforts) - 1)
        p90 = efforts[low] + (efforts[high] - efforts[low]) * (position - low)
    claims_of: dict[int, list[datetime]] = defaultdict(list)
    for task_id, _member, created_at in data["claims"]:
        claims_of[task_id].append(created_at)
    buckets: dict[str, list[bool]] = defaultdict(list)
    for task_id, task in tasks.items():
        if task["slots"] <= 0:
            continue
        effort = task["effort"]
        bucket = next((name for name, top in BUCKETS if effort <= top), "gt120")
        times_ = sorted(claims_of.get(task_id, []))
        deadline = task["due_at"] or task["created_at"] + TAKEUP_WITHOUT_DUE
        buckets[bucket].append(len(times_) >= task["slots"] and times_[task["slots"] - 1] <= deadline)
    people: dict[int, set] = defaultdict(set)
    for item in data["contributions"].values():
        if item["action"] is not None:
            people[item["action"]].add(item["giver"])
    for task_id, member, _created in data["claims"]:
        people[tasks[task_id]["action"]].add(member)
    actions = set(data["actions"]) | {item["action"] for item in data["contributions"].values() if item["action"]}
    return {
        "effort_median": median(efforts),
        "effort_p90": p90,
        "share_tasks_le_30": share(sum(effort <= 30 for effort in efforts), len(efforts)),
        "takeup_by_effort": {
            name: share(sum(buckets[name]), len(buckets[name])) for name in [*(name for name, _top in BUCKETS), "gt120"]
        },
        "people_per_action_median": median([len(people.get(action, ())) for action in actions]),
    }


def reciprocity(contribution, first_at: dict) -> dict:
    import networkx as nx

    if contribution.number_of_edges() == 0:
        return dict.fromkeys(
            ["edge_reciprocity", "give_and_receive_share", "cycle_edge_share", "largest_cycle_group"]
            + ["asymmetry_median", "lag_days_median"]
        )
    component = {}
    largest = 0
    for index, nodes in enumerate(nx.strongly_connected_components(contribution)):
        largest = max(largest, len(nodes))
        for node in nodes:
            component[node] = index
    inside = sum(component[u] == component[v] for u, v in contribution.edges())
    flowing = both = 0
    asymmetry = []
    for node in contribution.nodes():
        out_degree, in_degree = contribution.out_degree(node), contribution.in_degree(node)
        if out_degree or in_degree:
            flowing += 1
            both += bool(out_degree and in_degree)
            given = contribution.out_degree(node, weight="weight")
            received = contribution.in_degree(node, weight="weight")
            if given + received > 0:
                asymmetry.append(abs(given - received) / (given + received))
    lags = [
        abs((first_at[(v, u)] - first_at[(u, v)]).total_seconds()) / 86_400
        for u, v in contribution.edges()
        if u < v and contribution.has_edge(v, u)
    ]
    return {
        "edge_reciprocity": nx.overall_reciprocity(contribution),
        "give_and_receive_share": share(both, flowing),
        "cycle_edge_share": share(inside, contribution.number_of_edges()),
        "largest_cycle_group": largest,
        "asymmetry_median": median(asymmetry),
        "lag_days_median": median(lags),
    }


def decentralisation(data: dict, collaboration) -> dict:
    degrees = [degree for _node, degree in collaboration.degree()]
    n = len(degrees)
    top = max(degrees) if degrees else 0
    started = Counter(action["started_by"] for action in data["actions"].values() if action["started_by"])
    counts = sorted(started.values(), reverse=True)
    members = data["members"]
    return {
        "degree_centralisation": sum(top - d for d in degrees) / ((n - 1) * (n - 2)) if n >= 3 else None,
        "initiative_top5_share": share(sum(counts[:TOP_INITIATORS]), sum(counts)),
        "initiative_gini": gini(counts),
        "steward_share": share(sum(entry["steward"] for entry in members.values()), len(members)),
    }


def trust(graph, vertices: list[int], seed: int) -> dict:
    import networkx as nx
    import numpy as np

    n = len(vertices)
    if n < 2:
        return {"density": None, "reciprocity": None, "reach_1": None, "reach_2": None, "reach_3": None}
    if n <= EXACT_REACH_LIMIT:
        sources = vertices
    else:  # the same sources as talkoot: vertex positions drawn by numpy's default_rng(seed)
        picked = np.sort(np.random.default_rng(seed).choice(n, size=min(REACH_SOURCES, n), replace=False))
        sources = [vertices[int(position)] for position in picked]
    hops: Counter = Counter()
    for source in sources:
        for _target, distance in nx.single_source_shortest_path_length(graph, source).items():
            if distance > 0:
                hops[distance] += 1
    pairs = len(sources) * (n - 1)
    reach = {k: sum(count for d, count in hops.items() if d <= k) / pairs for k in range(1, 7)}
    reached = sum(hops.values())
    return {
        "density": nx.density(graph),
        "reciprocity": nx.overall_reciprocity(graph) if graph.number_of_edges() else None,
        "reach_1": reach[1],
        "reach_2": reach[2],
        "reach_3": reach[3],
        "reach_sources": None if n <= EXACT_REACH_LIMIT else len(sources),
        "radius": next((k for k in range(1, 7) if reach[k] >= 0.5), None),
        "mean_path_length": sum(d * count for d, count in hops.items()) / reached if reached else None,
    }


def clusters(data: dict, collaboration, seed: int) -> dict:
    import networkx as nx

    if collaboration.number_of_edges() == 0:
        return {"count": 0, "sizes": [], "modularity_q": None, "bridges": [], "cross_community_share": None}
    found = nx.community.louvain_communities(collaboration, weight="weight", seed=seed)
    q = nx.community.modularity(collaboration, found, weight="weight")
    connected = [group for group in found if any(collaboration.degree(node) for node in group)]
    n = collaboration.number_of_nodes()
    k = None if n <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_SOURCES
    scores = nx.betweenness_centrality(collaboration, k=k, normalized=False, seed=seed)
    ranked = sorted((node for node, score in scores.items() if score > 0), key=lambda node: (-scores[node], node))
    home = {member: entry["home"] for member, entry in data["members"].items()}
    counted = crossing = 0.0
    for u, v, attributes in collaboration.edges(data=True):
        if u in home and v in home:
            counted += attributes["weight"]
            crossing += attributes["weight"] * (home[u] != home[v])
    return {
        "method": "louvain-modularity",
        "count": len(connected),
        "sizes": sorted((len(group) for group in connected), reverse=True)[:20],
        "modularity_q": q,
        "bridges": ranked[:10],
        "cross_community_share": share(crossing, counted),
    }


def value_in_use(data: dict) -> dict:
    categories: dict[int, Counter] = defaultdict(Counter)
    for item in data["contributions"].values():
        if item["action"] is not None and item["category"]:
            categories[item["action"]][item["category"]] += 1
    category_of = {
        action: sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[0][0]
        for action, counts in categories.items()
    }
    scores: dict[str, list[int]] = defaultdict(list)
    for action, score in data["assessments"]:
        scores[category_of.get(action, "other")].append(score)
    every = [score for _action, score in data["assessments"]]
    assessed = {action for action, _score in data["assessments"]}
    judged = [aid for aid, action in data["actions"].items() if action["stage"] in ("assess", "closed")]
    return {
        "mean_score": statistics.fmean(every) if every else None,
        "assessed_action_share": share(sum(aid in assessed for aid in judged), len(judged)),
        "by_category": {category: statistics.fmean(values) for category, values in sorted(scores.items())},
        "thanks_per_contribution": share(data["thanks"], len(data["contributions"])),
    }


def sustainability(data: dict, now: datetime) -> dict:
    active: dict[tuple[int, int], set] = defaultdict(set)
    recent: dict[int, float] = defaultdict(float)
    start = now - timedelta(days=OVERLOAD_DAYS)
    for item in data["contributions"].values():
        active[month_of(item["happened_at"])].add(item["giver"])
        if start <= item["happened_at"] < now:
            recent[item["giver"]] += item["minutes"]
    this_month = month_of(now)
    stayed = [
        len(givers & active.get(next_month(month), set())) / len(givers)
        for month, givers in active.items()
        if next_month(month) < this_month  # the next month lies wholly in the window
    ]
    by_home: dict[int | None, list[float]] = defaultdict(list)
    members = data["members"]
    for giver, minutes in recent.items():
        by_home[members.get(giver, {}).get("home")].append(minutes)
    medians = {home: statistics.median(values) for home, values in by_home.items()}
    overloaded = sum(
        1
        for giver, minutes in recent.items()
        if minutes > OVERLOAD_FACTOR * medians[members.get(giver, {}).get("home")]
    )
    unmet = sum(
        1
        for task in data["tasks"].values()
        if task["due_at"] is not None and task["due_at"] < now and task["taken"] < task["slots"]
    )
    stuck_before = now - timedelta(days=STUCK_DAYS)
    stuck = sum(
        1
        for action in data["actions"].values()
        if action["stage"] == "initiate" and action["created_at"] < stuck_before
    )
    return {
        "retention_monthly": statistics.fmean(stayed) if stayed else None,
        "overloaded": overloaded,
        "unmet_tasks": unmet,
        "stuck_actions": stuck,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, help="write the JSON here instead of standard output")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    now = datetime.now(UTC)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        timings[name] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()

    data = read(now)
    lap("read")
    contribution, first_at, collaboration, trust_graph, vertices = build_graphs(data)
    lap("graphs")
    report: dict = {"window": {"since": None, "until": now.isoformat()}, "generated_at": now.isoformat()}
    report["resource_base"] = resource_base(data)
    report["modularity"] = modularity(data)
    lap("resource_base_modularity")
    report["reciprocity"] = reciprocity(contribution, first_at)
    report["decentralisation"] = decentralisation(data, collaboration)
    lap("reciprocity_decentralisation")
    report["trust"] = trust(trust_graph, vertices, args.seed)
    lap("trust")
    report["clusters"] = clusters(data, collaboration, args.seed)
    lap("clusters")
    report["value_in_use"] = value_in_use(data)
    report["sustainability"] = sustainability(data, now)
    lap("value_in_use_sustainability")
    report["timings"] = timings
    text = json.dumps(report, indent=2, default=str)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
