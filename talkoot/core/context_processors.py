from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language_info

# The addresses every page's frame links to, by the name the frame uses.
_FRAME_URLS = {
    "home": "core:home",
    "directory": "communities:directory",
    "profile": "members:profile",
    "settings": "members:settings",
    "notifications": "notifications:list",
    "login": "members:login",
    "signup": "members:signup",
    "logout": "members:logout",
    "set_language": "core:set_language",
    "set_text_size": "core:set_text_size",
    "resend_confirmation": "members:resend_confirmation",
}
_FRAME_FILES = {
    "favicon": "favicon.svg",
    "css": "css/talkoot.css",
    "htmx": "js/htmx.min.js",
    "js": "js/talkoot.js",
}


def preferences(request):
    """Display preferences for <html>: text size, contrast and motion.

    Signed-in members carry them on their profile; visitors can choose a text size too
    (kept in the session), because many of our visitors are over 75.
    """
    member = getattr(request, "user", None)
    if member is not None and member.is_authenticated:
        text_size = member.text_size
        high_contrast = member.high_contrast
        reduced_motion = member.reduced_motion
    else:
        session = getattr(request, "session", None)
        text_size = session.get("text_size", "normal") if session is not None else "normal"
        high_contrast = False
        reduced_motion = False
    return {
        "ui_text_size": text_size,
        "ui_high_contrast": high_contrast,
        "ui_reduced_motion": reduced_motion,
        "site_url": settings.SITE_URL,
    }


@lru_cache(maxsize=4)
def _frame(script_prefix: str) -> dict:
    """What `base.html` links to, worked out once per process (and script prefix): a dozen
    `{% url %}` and `{% static %}` tags on every page cost about a millisecond."""
    frame: dict = {key: reverse(name) for key, name in _FRAME_URLS.items()}
    frame.update({key: static(path) for key, path in _FRAME_FILES.items()})
    frame["languages"] = [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
    return frame


def frame(request):
    return {"frame": _frame(get_script_prefix())}
