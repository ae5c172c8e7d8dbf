import zoneinfo

from django.utils import timezone, translation


class MemberPreferencesMiddleware:
    """Use the signed-in member's language and time zone for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = getattr(request, "user", None)
        if member is not None and member.is_authenticated:
            if member.language:
                translation.activate(member.language)
                request.LANGUAGE_CODE = member.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(member.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
