"""Print the insights of the instance, one community, or files a researcher brings.

manage.py insights --format json|markdown [--community SLUG] [--since D] [--until D]
manage.py insights --from-csv contributions.csv [--trust-csv trust.csv] [--skip-bad-rows]
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Community
from talkoot.insights.csv_input import CsvInputError, read_csv_insights
from talkoot.insights.explain import markdown_report
from talkoot.insights.frames import EARLIEST, Window
from talkoot.insights.metrics import report
from talkoot.insights.progress import Progress
from talkoot.insights.selectors import insight_frames


def parse_moment(value: str, option: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 moment (UTC when it names no zone)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("%(option)s must be a date such as 2026-01-31 (or an ISO 8601 time), not '%(value)s'.")
            % {"option": option, "value": value}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Print the insights (reciprocity, resource base, trust, clusters, ...) as JSON or Markdown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "markdown"], default="json")
        parser.add_argument("--community", metavar="SLUG", help="one community (default: the whole instance)")
        parser.add_argument("--since", metavar="DATE", help="start of the window (inclusive; default: all time)")
        parser.add_argument("--until", metavar="DATE", help="end of the window (exclusive; default: now)")
        parser.add_argument("--from-csv", metavar="FILE", type=Path, help="contributions.csv instead of the database")
        parser.add_argument("--trust-csv", metavar="FILE", type=Path, help="trust.csv, with --from-csv")
        parser.add_argument("--skip-bad-rows", action="store_true", help="leave out bad rows instead of stopping")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the cluster search and the samples")

    def handle(self, *args, **options) -> None:
        since = parse_moment(options["since"], "--since") if options["since"] else None
        until = parse_moment(options["until"], "--until") if options["until"] else None
        if since and until and since >= until:
            raise CommandError(_("--since must come before --until."))
        progress = Progress(sys.stderr)
        labels = None
        if options["from_csv"]:
            if options["community"]:
                raise CommandError(_("--community reads the database and --from-csv reads files: choose one."))
            try:
                loaded = read_csv_insights(
                    options["from_csv"],
                    options["trust_csv"],
                    since=since,
                    until=until,
                    skip_bad_rows=options["skip_bad_rows"],
                )
            except CsvInputError as error:
                for file_name, line, problem in error.bad_rows:
                    self.stderr.write(
                        _("%(file)s line %(line)d: %(problem)s") % {"file": file_name, "line": line, "problem": problem}
                    )
                if error.bad_count > len(error.bad_rows):
                    self.stderr.write(_("... and %(count)d more.") % {"count": error.bad_count - len(error.bad_rows)})
                raise CommandError(error.message) from None
            if loaded.skipped_count:
                self.stderr.write(_("Left out %(count)d bad rows.") % {"count": loaded.skipped_count})
            frames, labels = loaded.frames, loaded
        else:
            if options["trust_csv"]:
                raise CommandError(_("--trust-csv goes with --from-csv."))
            community = None
            if options["community"]:
                community = Community.objects.filter(slug=options["community"]).first()
                if community is None:
                    raise CommandError(_("There is no community '%(slug)s'.") % {"slug": options["community"]})
            window = Window(since=since or EARLIEST, until=until or timezone.now())
            frames = insight_frames(community=community, window=window, progress=progress.step)
        data = report(frames, generated_at=timezone.now(), seed=options["seed"], progress=progress.step)
        progress.done()
        if labels is not None:
            # Researchers' files name people their own way: show bridges by those names.
            data["clusters"]["bridges"] = [labels.label(code) for code in data["clusters"]["bridges"]]
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
        else:
            self.stdout.write(markdown_report(data))
