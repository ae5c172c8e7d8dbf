"""Notifications: the list, opening one, marking all read, preferences and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member
from talkoot.notifications import selectors, services
from talkoot.notifications.models import Delivery, NotificationKind
from talkoot.notifications.tokens import read_unsubscribe_token


@require_safe
@login_required
def notification_list(request):
    page, lines = selectors.notifications_page(request.user, page=request.GET.get("page", 1))
    return render(request, "notifications/list.html", {"page": page, "lines": lines})


@require_POST
@login_required
def notification_open(request, notification_id: int):
    """Mark it read and go to what it is about (a POST: reading changes the unread count)."""
    notification = selectors.notification_for(request.user, notification_id)
    services.notification_mark_read(member=request.user, notification=notification)
    # Stored by our own services as paths inside the site; anything else goes to the list.
    inside = notification.url.startswith("/") and not notification.url.startswith("//")
    return redirect(notification.url if inside else reverse("notifications:list"))


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_all_read(member=request.user)
    messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    if request.method == "POST":
        try:
            for kind in NotificationKind.values:
                if (delivery := request.POST.get(kind)) is not None:
                    services.preference_set(member=request.user, kind=kind, delivery=delivery)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    context = {"rows": selectors.preference_rows(request.user), "deliveries": Delivery.choices}
    return render(request, "notifications/preferences.html", context)


@csrf_exempt  # mail programs post the one-click unsubscribe without a session (RFC 8058); the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a button (no change on GET); POST, from it or from the mail program, unsubscribes."""
    read = read_unsubscribe_token(token)
    member = Member.objects.filter(pk=read[0], is_active=True).first() if read else None
    kind = read[1] if read else ""
    if member is None or (kind not in NotificationKind.values and kind != "digest"):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    label = _("the daily e-mail") if kind == "digest" else str(NotificationKind(kind).label)
    if request.method == "POST":
        services.preference_unsubscribe(member=member, kind=kind)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token})
