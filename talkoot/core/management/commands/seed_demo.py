import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from talkoot.communities.models import Community
from talkoot.core.demo.generator import seed_demo
from talkoot.core.demo.plan import MIN_MEMBERS


class Command(BaseCommand):
    help = "Fill an empty database with a believable elderly mutual-care community, the same for the same seed."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=60, help=f"How many members (at least {MIN_MEMBERS}).")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same community.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds a community."
        )

    def handle(self, *args, members: int, seed: int, if_empty: bool, **options):
        if Community.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; keeping it.")
                return
            raise CommandError(
                "The database already holds communities. Pass --if-empty to keep them, "
                "or empty the database first (manage.py flush)."
            )
        if members < MIN_MEMBERS:
            raise CommandError(f"--members must be at least {MIN_MEMBERS} for a believable community.")

        interactive = self.stdout.isatty()
        started = time.perf_counter()
        try:
            summary = seed_demo(members=members, seed=seed, progress=self._show_progress if interactive else None)
        except IntegrityError as error:
            raise CommandError(f"Some demo members already exist; empty the database first. ({error})") from error
        if interactive:
            self.stdout.write("\r\033[K", ending="")

        sizes = ", ".join(f"{name}: {count}" for name, count in summary.community_sizes.items())
        activity = ""
        if summary.activity is not None:
            a = summary.activity
            rotas = f"{summary.rotas} {'rota' if summary.rotas == 1 else 'rotas'}"
            activity = (
                f"{a.actions} actions, {summary.gatherings} gatherings, {rotas}, {a.tasks} tasks, "
                f"{a.series} recurring visits, {a.claims} claims, "
                f"{a.contributions} contributions, {a.thanks} thanks, {a.assessments} assessments; "
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo community ready (seed {seed}): {summary.members} members; {sizes}; "
                f"{summary.in_both} in both; {summary.pending_applications} applications waiting; "
                f"{activity}{time.perf_counter() - started:.1f} s."
            )
        )

    def _show_progress(self, what: str, done: int, total: int) -> None:
        self.stdout.write(f"\r\033[K{what} {done}/{total}", ending="")
        self.stdout.flush()
