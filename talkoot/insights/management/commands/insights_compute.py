"""Count and keep the insights the pages show now, instead of waiting for the nightly job."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from talkoot.insights.models import InsightReport
from talkoot.insights.services import insights_compute_all


class Command(BaseCommand):
    help = "Count and keep the insights of the instance and of every community with members (as the nightly job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-missing", action="store_true", help="do nothing when insights were counted before")

    def handle(self, *args, **options) -> None:
        if options["if_missing"] and InsightReport.objects.filter(computed_at__isnull=False).exists():
            self.stdout.write(_("Insights were counted before; keeping them."))
            return
        count = insights_compute_all()
        self.stdout.write(_("Counted %(count)d insight reports.") % {"count": count})
