from typing import Literal, cast

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from talkoot.members.models import TextSize


def remember_language(response, language: str) -> None:
    """Keep the chosen language in Django's language cookie, so it outlives the session."""
    from django.conf import settings

    samesite = cast(Literal["Lax", "Strict", "None", False] | None, settings.LANGUAGE_COOKIE_SAMESITE)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=samesite,
    )


def safe_next(request, default: str = "/") -> str:
    """The `next` parameter if it points back into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. No details leak out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_POST
def set_language(request):
    from django.conf import settings

    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            from talkoot.members.services import member_update_preferences

            member_update_preferences(member=request.user, language=language)
        remember_language(response, language)
    return response


@require_POST
def set_text_size(request):
    text_size = request.POST.get("text_size", "")
    if text_size in TextSize.values:
        if request.user.is_authenticated:
            from talkoot.members.services import member_update_preferences

            member_update_preferences(member=request.user, text_size=text_size)
        else:
            request.session["text_size"] = text_size
    return HttpResponseRedirect(safe_next(request))
