"""The findings in plain words: what is unknown is said to be unknown, never shown as 0."""

from datetime import UTC, datetime

from django.utils import translation

from talkoot.insights.explain import _every_month, markdown_report, percent, sections
from talkoot.insights.frames import InsightFrames, Window
from talkoot.insights.metrics import report

WINDOW = Window(since=datetime(2026, 1, 1, tzinfo=UTC), until=datetime(2026, 7, 1, tzinfo=UTC))


def _empty_report() -> dict:
    return report(InsightFrames.build(WINDOW), generated_at=WINDOW.until)


def test_an_empty_community_reads_as_nothing_yet_not_as_zeros():
    parts = {section.key: section for section in sections(_empty_report())}
    assert parts["resource_base"].sentences == ["Nobody has recorded a contribution in this time yet."]
    assert parts["trust"].sentences == ["Nobody has said they trust a fellow member yet."]
    values = dict((key, value) for key, _label, value in parts["reciprocity"].measures)
    assert values["edge_reciprocity"] == "not known"
    assert all(section.chart is None for section in parts.values())


def test_quiet_months_show_as_zero_in_the_chart():
    assert _every_month({"2025-11": 2, "2026-02": 1}) == {"2025-11": 2, "2025-12": 0, "2026-01": 0, "2026-02": 1}
    assert _every_month({}) == {}


def test_percentages_follow_the_language():
    assert percent(0.256) == "26%"
    assert percent(None) == "not known"
    with translation.override("fi"):
        assert percent(0.256) == "26 %"


def test_markdown_names_every_measure_key():
    text = markdown_report(_empty_report())
    for key in ("contributor_share", "edge_reciprocity", "degree_centralisation", "radius", "modularity_q"):
        assert f"`{key}`" in text
