"""The insights part of the JSON API (config/api.py): the kept reports the pages show.

Nothing is computed while you wait: a background job computes each report (nightly, or when a member
asks on the page). Until one has been computed for a window the answer is still 200, with
`report: null`; `requested_at` then says whether one is on its way (`waiting`). A 404 would read as
"no such community" and a 202 as "your request started something", neither of which is so.
"""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from talkoot.api.schemas import Out
from talkoot.insights import selectors
from talkoot.insights.models import InsightReport, Period

router = Router(tags=["insights"])

_REPORT = (
    "The report as computed (metrics.report): `window`, `generated_at`, then one object per part "
    "(resource_base, modularity, reciprocity, decentralisation, trust, clusters, value_in_use, "
    "sustainability); null until it has been computed for this window"
)


class InsightsQuery(Schema):
    period: Period = Field(Period.YEAR, description="The time window")


class InstanceInsightsOut(Out):
    period: Period
    report: dict | None = Field(description=_REPORT)
    computed_at: datetime | None = Field(description="When the report was computed; null: never yet")
    requested_at: datetime | None = Field(description="When a fresh report was asked for, until it is computed")
    waiting: bool = Field(description="A fresh report is being computed")


class CommunityInsightsOut(InstanceInsightsOut):
    bridges: list[str] = Field(description="The names of the members who connect the groups most, still members")


def _kept(report: InsightReport | None, period: str) -> dict:
    computed = report is not None and report.computed_at is not None
    return {
        "period": period,
        "report": report.data if computed else None,  # type: ignore[union-attr]
        "computed_at": report.computed_at if report is not None else None,
        "requested_at": report.requested_at if report is not None else None,
        "waiting": report is not None and report.requested_at is not None,
    }


@router.get(
    "/communities/{slug}/insights",
    response=CommunityInsightsOut,
    summary="The community's insights, for its members (report null until computed)",
)
def insights_community(request, slug: str, query: Query[InsightsQuery]):
    community = selectors.community_for_insights(request.user, slug)
    report = selectors.report_for(community, query.period)
    kept = _kept(report, query.period)
    bridge_ids = kept["report"].get("clusters", {}).get("bridges", []) if kept["report"] else []
    return {**kept, "bridges": selectors.bridge_names(community, bridge_ids) if bridge_ids else []}


@router.get(
    "/insights",
    response=InstanceInsightsOut,
    summary="Every community counted together: numbers only (report null until computed)",
)
def insights_instance(request, query: Query[InsightsQuery]):
    kept = _kept(selectors.report_for(None, query.period), query.period)
    if kept["report"] is not None and "clusters" in kept["report"]:
        # Numbers only, as the instance page: who bridges the groups of the whole site is nobody's business.
        clusters = {key: value for key, value in kept["report"].get("clusters", {}).items() if key != "bridges"}
        kept["report"] = {**kept["report"], "clusters": clusters}
    return kept
