from django.conf import settings


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
