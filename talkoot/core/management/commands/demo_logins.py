from django.core.management.base import BaseCommand

from talkoot.core.demo.personas import APPLICANT, DEMO_LOGINS, DEMO_PASSWORD
from talkoot.members.models import Member


class Command(BaseCommand):
    help = "Print the demo sign-ins made by seed_demo: e-mail, password and who each person is."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the demo is served.")

    def handle(self, *args, url: str, **options):
        personas = (*DEMO_LOGINS, APPLICANT)
        present = set(Member.objects.filter(email__in=[p.email for p in personas]).values_list("email", flat=True))
        lines = [f"talkoot demo: open {url} and sign in as", ""]
        width = max(len(p.email) for p in personas)
        for persona in personas:
            lines.append(f"{persona.email.ljust(width)}  {persona.display_name}")
            lines.append(f"{'':{width}}  {persona.role}")
        lines += ["", f"Password for everyone: {DEMO_PASSWORD}"]
        missing = len(personas) - len(present)
        if missing:
            lines += ["", f"{missing} of these are not in the database yet: run `manage.py seed_demo` first."]

        inner = max(len(line) for line in lines)
        self.stdout.write("+" + "-" * (inner + 2) + "+")
        for line in lines:
            self.stdout.write(f"| {line.ljust(inner)} |")
        self.stdout.write("+" + "-" * (inner + 2) + "+")
