"""Make a personal access token for a member from the command line (scripts, the API fuzz run)."""

from django.core.management.base import BaseCommand, CommandError

from talkoot.api.models import Scope
from talkoot.api.services import EXPIRY_DAYS, access_token_create
from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member


class Command(BaseCommand):
    help = "Make a personal access token for the member with this e-mail address and print its secret."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="command line")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument("--days", type=int, choices=EXPIRY_DAYS, default=None, help="expires after (default never)")

    def handle(self, *args, email, name, scope, days, **options):
        member = Member.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if member is None:
            raise CommandError("No active member has that e-mail address.")
        try:
            _token, secret = access_token_create(member=member, name=name, scope=scope, expires_in_days=days)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(secret)
