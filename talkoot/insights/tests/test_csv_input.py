"""Files a researcher brings: read without a database, bad rows reported by line number."""

from datetime import UTC, datetime

import pytest

from talkoot.insights.csv_input import CsvInputError, read_csv_insights


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """giver,receiver,minutes,date,action,community
alice,bob,30,2025-01-03,a1,north
bob,alice,45,2025-01-04T10:00:00,a1,north
carol,,60,2025-02-01,,south
alice,carol,20,2025-03-01 08:30:00+02:00,,north
"""


def test_a_good_file_becomes_the_frames(tmp_path):
    loaded = read_csv_insights(write(tmp_path, "contributions.csv", GOOD))
    frames = loaded.frames
    assert frames.contributions.height == 4
    assert frames.contributions["minutes"].to_list() == [30, 45, 60, 20]
    # The line number is the contribution's id: the header is line 1.
    assert frames.contributions["contribution"].to_list() == [2, 3, 4, 5]
    # An empty receiver is a gift to the commons: no receipt, no beneficiary.
    assert frames.contributions["beneficiaries"].to_list() == [1, 1, 0, 1]
    assert frames.receipts.height == 3
    labels = {loaded.label(code) for code in frames.members["member"].to_list()}
    assert labels == {"alice", "bob", "carol"}
    assert frames.contributions["happened_at"].to_list()[3] == datetime(2025, 3, 1, 6, 30, tzinfo=UTC)
    assert frames.window.since == datetime(2025, 1, 3, tzinfo=UTC)
    # The day after the last contribution, so the last day counts in full.
    assert frames.window.until == datetime(2025, 3, 2, 6, 30, tzinfo=UTC)
    assert not (frames.has_tasks or frames.has_assessments or frames.has_stewards)


def test_home_community_is_where_a_giver_gives_most(tmp_path):
    loaded = read_csv_insights(write(tmp_path, "contributions.csv", GOOD))
    homes = {loaded.label(row["member"]): row["home_community"] for row in loaded.frames.members.to_dicts()}
    assert homes["alice"] == homes["bob"] is not None
    assert homes["carol"] is not None and homes["carol"] != homes["alice"]


def test_bad_rows_are_reported_with_their_line_numbers(tmp_path):
    path = write(
        tmp_path,
        "contributions.csv",
        "giver,receiver,minutes,date\n"
        "alice,bob,30,2025-01-03\n"
        "bob,alice,abc,2025-01-04\n"
        ",alice,10,2025-01-04\n"
        "dave,bob,-5,2025-02-01\n"
        "erin,bob,10,someday\n"
        "erin,bob,0,2025-02-01\n"
        "erin,bob,,2025-02-01\n",
    )
    with pytest.raises(CsvInputError) as raised:
        read_csv_insights(path)
    assert raised.value.bad_count == 6
    assert raised.value.bad_rows == [
        ("contributions.csv", 3, "minutes is not a whole number"),
        ("contributions.csv", 4, "the giver is empty"),
        ("contributions.csv", 5, "minutes must be more than 0"),
        ("contributions.csv", 6, "the date is not a date (YYYY-MM-DD or ISO 8601)"),
        ("contributions.csv", 7, "minutes must be more than 0"),
        ("contributions.csv", 8, "minutes is empty"),
    ]
    assert "--skip-bad-rows" in raised.value.message


def test_skipping_bad_rows_keeps_the_good_ones(tmp_path):
    path = write(tmp_path, "contributions.csv", "giver,receiver,minutes,date\nalice,bob,30,2025-01-03\nbob,,x,2025\n")
    loaded = read_csv_insights(path, skip_bad_rows=True)
    assert loaded.frames.contributions.height == 1
    assert loaded.skipped_count == 1
    assert loaded.skipped == [("contributions.csv", 3, "minutes is not a whole number")]


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, "contributions.csv", "from,to,minutes\nalice,bob,30\n")
    with pytest.raises(CsvInputError, match="misses the columns giver, receiver, date"):
        read_csv_insights(path)


def test_a_missing_file_or_one_that_is_not_text_is_a_clear_message(tmp_path):
    with pytest.raises(CsvInputError, match="there is no such file"):
        read_csv_insights(tmp_path / "nowhere.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00giver")
    with pytest.raises(CsvInputError, match="not UTF-8"):
        read_csv_insights(binary)


def test_a_header_alone_gives_empty_frames(tmp_path):
    loaded = read_csv_insights(write(tmp_path, "contributions.csv", "giver,receiver,minutes,date\n"))
    assert loaded.frames.contributions.height == 0
    assert loaded.frames.members.height == 0


def test_trust_file_shares_the_member_names(tmp_path):
    contributions = write(tmp_path, "contributions.csv", GOOD)
    trust = write(
        tmp_path,
        "trust.csv",
        "truster,trusted,date\nalice,bob,2025-01-01\nbob,alice,2025-01-02\ndora,alice,2025-01-02\nalice,bob,2025-01-05\n",
    )
    loaded = read_csv_insights(contributions, trust)
    pairs = {(loaded.label(a), loaded.label(b)) for a, b in loaded.frames.trust.select("truster", "trusted").rows()}
    # A pair named twice is one edge; dora trusts but never gave: she is a member all the same.
    assert pairs == {("alice", "bob"), ("bob", "alice"), ("dora", "alice")}
    assert "dora" in {loaded.label(code) for code in loaded.frames.members["member"].to_list()}


def test_bad_trust_rows_are_reported_too(tmp_path):
    contributions = write(tmp_path, "contributions.csv", GOOD)
    trust = write(tmp_path, "trust.csv", "truster,trusted,date\nalice,,2025-01-01\n")
    with pytest.raises(CsvInputError) as raised:
        read_csv_insights(contributions, trust)
    assert raised.value.bad_rows == [("trust.csv", 2, "the trusted is empty")]


def test_the_window_narrows_the_contributions(tmp_path):
    loaded = read_csv_insights(
        write(tmp_path, "contributions.csv", GOOD),
        since=datetime(2025, 1, 4, tzinfo=UTC),
        until=datetime(2025, 2, 15, tzinfo=UTC),
    )
    assert loaded.frames.contributions["minutes"].to_list() == [45, 60]
    # Alice gave before the window: her first contribution is still known.
    firsts = {loaded.label(r["member"]): r["first_contributed_at"] for r in loaded.frames.members.to_dicts()}
    assert firsts["alice"] == datetime(2025, 1, 3, tzinfo=UTC)


def test_a_large_file_is_streamed(tmp_path):
    """Half a million rows (about 15 MB) read through the streaming engine, every row kept."""
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("giver,receiver,minutes,date\n")
        for start in range(0, 500_000, 10_000):
            handle.write(
                "".join(
                    f"m{i % 5000},m{(i * 7) % 5000},{1 + i % 90},2025-01-{1 + i % 28:02d}\n"
                    for i in range(start, start + 10_000)
                )
            )
    loaded = read_csv_insights(path)
    assert loaded.frames.contributions.height == 500_000
    assert loaded.frames.members.height == 5000
