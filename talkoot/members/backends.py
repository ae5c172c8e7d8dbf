from django.contrib.auth.backends import ModelBackend

from talkoot.members.models import Member


class EmailBackend(ModelBackend):
    """Sign in by e-mail address, whatever its letter case."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = (email or username or "").strip()
        if not email or password is None:
            return None
        member = Member.objects.filter(email__iexact=email).first()
        if member is None:
            Member().set_password(password)  # same work either way: no timing hint that the e-mail exists
            return None
        if member.check_password(password) and self.user_can_authenticate(member):
            return member
        return None
