"""`manage.py insights` and `manage.py insights_export`, as an operator and a researcher use them."""

import io
import json
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from talkoot.communities.models import Trust
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory
from talkoot.insights.tests.test_metrics import GROUPS

TOP_LEVEL = {"window", "generated_at", *GROUPS}


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("insights", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def helped(community, steward, member):
    """Aino and Eino helped each other last week; Aino trusts Eino."""
    last_week = datetime.now(UTC) - timedelta(days=7)
    for giver, receiver in ((steward, member), (member, steward)):
        given = ContributionFactory(community=community, contributor=giver, minutes=45, happened_at=last_week)
        ContributionBeneficiaryFactory(contribution=given, member=receiver)
    Trust.objects.create(community=community, truster=steward, trusted=member)
    return community


@pytest.mark.django_db
def test_json_report_of_a_community_has_exactly_the_keys(helped):
    out, err = run("--format", "json", "--community", helped.slug)
    data = json.loads(out)
    assert set(data) == TOP_LEVEL
    assert data["resource_base"]["members"] == 2
    assert data["resource_base"]["contributors"] == 2
    assert data["reciprocity"]["edge_reciprocity"] == 1.0
    assert data["trust"]["density"] == 0.5
    assert err == ""  # not a terminal: no progress line


@pytest.mark.django_db
def test_markdown_report_reads_as_sentences(helped):
    out, _err = run("--format", "markdown", "--community", helped.slug, "--since", "2020-01-01")
    assert out.startswith("# Insights")
    assert "## Giving back" in out
    assert "`edge_reciprocity`" in out
    assert "2 of your 2 members gave their time (100%)." in out


@pytest.mark.django_db
def test_the_whole_instance_and_an_empty_window(helped, other_community, outsider):
    data = json.loads(run("--until", "2001-01-01")[0])
    assert data["resource_base"]["contributors"] == 0
    assert data["reciprocity"]["edge_reciprocity"] is None
    assert data["window"]["until"].startswith("2001-01-01")


@pytest.mark.django_db
def test_unknown_community_and_bad_dates_are_clear_messages(helped):
    with pytest.raises(CommandError, match="There is no community 'nowhere'"):
        run("--community", "nowhere")
    with pytest.raises(CommandError, match="--since must be a date such as 2026-01-31"):
        run("--since", "last tuesday")
    with pytest.raises(CommandError, match="--since must come before --until"):
        run("--since", "2026-02-01", "--until", "2026-01-01")
    with pytest.raises(CommandError, match="choose one"):
        run("--community", helped.slug, "--from-csv", "x.csv")
    with pytest.raises(CommandError, match="--trust-csv goes with --from-csv"):
        run("--trust-csv", "trust.csv")


def test_from_csv_needs_no_database(tmp_path):
    contributions = tmp_path / "contributions.csv"
    contributions.write_text(
        "giver,receiver,minutes,date\nalice,bob,30,2025-01-03\nbob,alice,30,2025-01-05\ncarol,,20,2025-01-06\n"
    )
    trust = tmp_path / "trust.csv"
    trust.write_text("truster,trusted,date\nalice,bob,2025-01-01\n")
    data = json.loads(run("--from-csv", str(contributions), "--trust-csv", str(trust), "--format", "json")[0])
    assert set(data) == TOP_LEVEL
    assert data["resource_base"]["contributors"] == 3
    assert data["resource_base"]["commons_share"] == round(20 / 80, 4)
    assert data["reciprocity"]["edge_reciprocity"] == 1.0
    # What a time bank cannot know is unknown, not zero.
    assert data["modularity"]["effort_median"] is None
    assert data["decentralisation"]["steward_share"] is None
    assert all(isinstance(name, str) for name in data["clusters"]["bridges"])


def test_from_csv_with_bad_rows_fails_unless_skipped(tmp_path):
    contributions = tmp_path / "contributions.csv"
    contributions.write_text("giver,receiver,minutes,date\nalice,bob,thirty,2025-01-03\nbob,alice,30,2025-01-05\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 rows cannot be used"):
        call_command("insights", "--from-csv", str(contributions), stdout=out, stderr=err)
    assert "contributions.csv line 2: minutes is not a whole number" in err.getvalue()
    out, err = run("--from-csv", str(contributions), "--skip-bad-rows")
    assert json.loads(out)["resource_base"]["contributors"] == 1
    assert "Left out 1 bad rows." in err


def test_from_csv_missing_columns(tmp_path):
    contributions = tmp_path / "contributions.csv"
    contributions.write_text("giver,minutes\nalice,30\n")
    with pytest.raises(CommandError, match="misses the columns receiver, date"):
        run("--from-csv", str(contributions))


@pytest.mark.django_db
def test_export_is_pseudonymised_and_can_be_read_back(helped, steward, member, tmp_path):
    named = ContributionFactory(community=helped, contributor=steward, minutes=31, happened_at=datetime.now(UTC))
    ContributionBeneficiaryFactory(contribution=named, member=member)
    ContributionBeneficiaryFactory(contribution=named, member=None, name="Hilkka Without An Account")
    out = io.StringIO()
    call_command("insights_export", "--community", helped.slug, "--out", str(tmp_path / "one"), stdout=out)
    assert "Wrote 2 members" in out.getvalue()
    files = sorted(path.name for path in (tmp_path / "one").iterdir())
    assert files == [
        "README.txt",
        "contributions.csv",
        "contributions.graphml",
        "contributions.parquet",
        "members.csv",
        "members.parquet",
        "trust.csv",
        "trust.graphml",
        "trust.parquet",
    ]
    text = "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "one").iterdir() if path.suffix != ".parquet"
    )
    for private in (steward.display_name, member.email, "Hilkka", helped.slug, helped.name):
        assert private not in text
    contributions = pl.read_csv(tmp_path / "one" / "contributions.csv")
    assert contributions.columns == ["giver", "receiver", "minutes", "date", "action", "community"]
    # Half of 31 minutes (rounded up for the first) went to Eino; Hilkka's half is left out.
    assert sorted(contributions["minutes"].to_list()) == [16, 45, 45]
    assert pl.read_parquet(tmp_path / "one" / "members.parquet").height == 2

    call_command("insights_export", "--community", helped.slug, "--out", str(tmp_path / "two"), stdout=io.StringIO())
    first = set(pl.read_csv(tmp_path / "one" / "members.csv")["member"])
    second = set(pl.read_csv(tmp_path / "two" / "members.csv")["member"])
    assert len(first) == 2 and not first & second  # a fresh salt: nothing links two exports

    data = json.loads(
        run(
            "--from-csv",
            str(tmp_path / "one" / "contributions.csv"),
            "--trust-csv",
            str(tmp_path / "one" / "trust.csv"),
        )[0]
    )
    assert data["reciprocity"]["edge_reciprocity"] == 1.0
    assert data["trust"]["density"] == 0.5


@pytest.mark.django_db
def test_export_of_an_unknown_community(tmp_path):
    with pytest.raises(CommandError, match="There is no community 'nowhere'"):
        call_command("insights_export", "--community", "nowhere", "--out", str(tmp_path))


@pytest.mark.django_db
def test_the_report_of_a_single_member(community, steward):
    data = json.loads(run("--community", community.slug)[0])
    assert data["resource_base"]["members"] == 1
    assert data["trust"]["density"] is None
    assert data["decentralisation"]["degree_centralisation"] is None


@pytest.mark.django_db
def test_insights_compute_counts_once_when_asked_if_missing(helped):
    out = io.StringIO()
    call_command("insights_compute", "--if-missing", stdout=out)
    assert "Counted 6 insight reports." in out.getvalue()  # the instance and one community, three windows each
    call_command("insights_compute", "--if-missing", stdout=out)
    assert "keeping them" in out.getvalue()
