"""A pseudonymised export of one community for research: CSV, Parquet and GraphML.

Every person, action and community is replaced by a pseudonym: the first 16 hex digits of an
HMAC-SHA256 keyed with a salt made fresh for this export and never stored, so pseudonyms are stable
within one export and cannot be linked across exports or back to accounts. No names, e-mail
addresses, phone numbers, places or free text leave; dates are kept to the day.

contributions.csv has the columns `manage.py insights --from-csv` reads, so a researcher can rerun
the measures on it: one row per member a contribution was for, its minutes shared out among
everyone it was for (whole minutes, largest remainder first); a gift to the commons has an empty
receiver. Help to people without an account is left out: they have no pseudonym.
"""

import hashlib
import hmac
import secrets
from pathlib import Path

import igraph
import numpy as np
import polars as pl

from talkoot.insights.frames import InsightFrames

README = """Pseudonymised export of a talkoot community

members.*        member, home_community, is_steward
contributions.*  giver, receiver, minutes, date, action, community (empty receiver: the commons)
trust.*          truster, trusted, date (trust standing at the time of the export)
*.graphml        the contribution graph (weight: minutes) and the trust graph

Pseudonyms come from a keyed hash with a salt made for this export only and then thrown away:
they are stable within this export and link to nothing else. No names, e-mail addresses, phone
numbers, places or free text are included. Help given to people without an account is left out.
Rerun the measures with:  manage.py insights --from-csv contributions.csv --trust-csv trust.csv
"""


class Pseudonyms:
    def __init__(self) -> None:
        self._salt = secrets.token_bytes(32)

    def of(self, kind: str, ids: pl.Series) -> pl.Series:
        """The pseudonym of each id (nulls stay null); each distinct id is hashed once."""
        distinct = ids.drop_nulls().unique()
        names = [
            hmac.new(self._salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]
            for value in distinct.to_list()
        ]
        mapping = pl.DataFrame({"id": distinct, "pseudonym": names})
        return ids.to_frame("id").join(mapping, on="id", how="left", maintain_order="left")["pseudonym"]


def _shares(frames: InsightFrames) -> pl.DataFrame:
    """One row per (contribution, member receiver) with its whole minutes; commons rows have none."""
    given = frames.contributions
    receipts = (
        frames.receipts.join(given.select("contribution", "minutes", "beneficiaries"), on="contribution")
        .sort("contribution", "receiver")
        .with_columns(rank=pl.int_range(pl.len()).over("contribution"))
        .with_columns(
            minutes=pl.col("minutes") // pl.col("beneficiaries")
            + (pl.col("rank") < pl.col("minutes") % pl.col("beneficiaries")).cast(pl.Int64)
        )
        .filter(pl.col("minutes") > 0)
        .select("contribution", "receiver", "minutes")
    )
    commons = given.filter(pl.col("beneficiaries") == 0).select(
        "contribution", pl.lit(None, pl.Int64).alias("receiver"), "minutes"
    )
    rows = pl.concat([receipts, commons])
    return rows.join(given.select("contribution", "giver", "happened_at", "action", "community"), on="contribution")


def _graph(path: Path, names: pl.Series, sources: pl.Series, targets: pl.Series, weights=None) -> None:
    codes = {name: code for code, name in enumerate(names.to_list())}
    # One vectorised lookup of vertex numbers, then the graph in one call.
    lookup = pl.DataFrame({"name": list(codes), "code": list(codes.values())})
    ends = pl.DataFrame({"source": sources, "target": targets})
    ends = ends.join(lookup.rename({"name": "source", "code": "u"}), on="source").join(
        lookup.rename({"name": "target", "code": "v"}), on="target"
    )
    graph = igraph.Graph(n=len(codes), edges=ends.select("u", "v").to_numpy().astype(np.int64), directed=True)
    graph.vs["name"] = list(codes)
    if weights is not None:
        graph.es["weight"] = weights
    graph.write_graphml(str(path))


def write_export(frames: InsightFrames, out: Path) -> dict[str, int]:
    """Write the export into `out` (created if needed); returns the rows written per table."""
    out.mkdir(parents=True, exist_ok=True)
    pseudonyms = Pseudonyms()
    members = frames.members.select(
        member=pseudonyms.of("member", frames.members["member"]),
        home_community=pseudonyms.of("community", frames.members["home_community"]),
        is_steward=frames.members["is_steward"],
    )
    shares = _shares(frames)
    contributions = pl.DataFrame(
        {
            "giver": pseudonyms.of("member", shares["giver"]),
            "receiver": pseudonyms.of("member", shares["receiver"]),
            "minutes": shares["minutes"],
            "date": shares["happened_at"].dt.date(),
            "action": pseudonyms.of("action", shares["action"]),
            "community": pseudonyms.of("community", shares["community"]),
        }
    ).sort("date", "giver")
    trust = pl.DataFrame(
        {
            "truster": pseudonyms.of("member", frames.trust["truster"]),
            "trusted": pseudonyms.of("member", frames.trust["trusted"]),
            "date": frames.trust["created_at"].dt.date(),
        }
    ).sort("date", "truster")
    for name, table in (("members", members), ("contributions", contributions), ("trust", trust)):
        table.write_csv(out / f"{name}.csv")
        table.write_parquet(out / f"{name}.parquet")
    edges = contributions.drop_nulls("receiver").group_by("giver", "receiver").agg(pl.col("minutes").sum())
    everyone = pl.concat([members["member"], edges["giver"], edges["receiver"]]).unique().sort()
    _graph(out / "contributions.graphml", everyone, edges["giver"], edges["receiver"], edges["minutes"].to_list())
    _graph(out / "trust.graphml", everyone, trust["truster"], trust["trusted"])
    (out / "README.txt").write_text(README, encoding="utf-8")
    return {"members": members.height, "contributions": contributions.height, "trust": trust.height}
