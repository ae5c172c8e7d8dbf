"""Write a pseudonymised export of one community (CSV, Parquet, GraphML) for research."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Community
from talkoot.insights.export import write_export
from talkoot.insights.frames import EARLIEST, Window
from talkoot.insights.progress import Progress
from talkoot.insights.selectors import insight_frames


class Command(BaseCommand):
    help = "Write a pseudonymised export of a community: CSV, Parquet and GraphML, no names or free text."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", required=True)
        parser.add_argument("--out", metavar="DIR", type=Path, required=True)

    def handle(self, *args, **options) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(_("There is no community '%(slug)s'.") % {"slug": options["community"]})
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(_("%(path)s is a file, not a folder.") % {"path": out})
        progress = Progress(sys.stderr)
        frames = insight_frames(
            community=community, window=Window(since=EARLIEST, until=timezone.now()), progress=progress.step
        )
        progress.step(_("writing"))
        try:
            counts = write_export(frames, out)
        except OSError as error:
            raise CommandError(_("Cannot write to %(path)s: %(error)s") % {"path": out, "error": error}) from None
        progress.done()
        self.stdout.write(
            _("Wrote %(members)d members, %(contributions)d contribution rows and %(trust)d trust rows to %(path)s.")
            % {**counts, "path": out}
        )
