"""Each notification as one sentence, in the language active when it is read."""

from datetime import date, datetime

from django.utils.translation import gettext as _

from talkoot.core.dates import long_date, short_datetime
from talkoot.notifications.models import Notification, NotificationKind

EXCERPT_LENGTH = 140


def excerpt(text: str) -> str:
    """The start of a longer text for a notification's detail: one line, at most 140 characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _when(iso: str) -> str:
    try:
        return short_datetime(datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return ""


def _day(iso: str) -> str:
    try:
        return long_date(date.fromisoformat(iso))
    except (TypeError, ValueError):
        return ""


def sentence(notification: Notification) -> str:  # noqa: C901 - one branch per kind reads best
    d = notification.detail or {}
    actor = notification.actor.display_name if notification.actor_id and notification.actor else _("Someone")
    kind = notification.kind
    if kind == NotificationKind.APPLICATION_DECIDED:
        if d.get("accepted"):
            return _("Welcome! Your application to %(community)s was accepted.") % {"community": d.get("community")}
        return _("Your application to %(community)s was not accepted this time.") % {"community": d.get("community")}
    if kind == NotificationKind.TRUST_RECEIVED:
        return _("%(name)s gave you their trust.") % {"name": actor}
    if kind == NotificationKind.STEWARD_CHANGED:
        if d.get("gained"):
            return _("You are now a steward of %(community)s: enough fellow members trust you.") % {
                "community": d.get("community")
            }
        return _("You are no longer a steward of %(community)s.") % {"community": d.get("community")}
    if kind == NotificationKind.TASK_CLAIMED:
        if d.get("withdrew"):
            return _("%(name)s gave back “%(task)s”.") % {"name": actor, "task": d.get("task")}
        return _("%(name)s took on “%(task)s”.") % {"name": actor, "task": d.get("task")}
    if kind == NotificationKind.REMINDER:
        return _("Reminder: “%(task)s” starts on %(when)s.") % {
            "task": d.get("task"),
            "when": _when(d.get("starts", "")),
        }
    if kind == NotificationKind.TASK_CHANGED:
        if d.get("cancelled"):
            return _("“%(task)s”, which you took on, was cancelled.") % {"task": d.get("task")}
        return _("“%(task)s”, which you took on, was changed.") % {"task": d.get("task")}
    if kind == NotificationKind.THANKS_RECEIVED:
        if d.get("message"):
            return _("%(name)s thanked you: “%(message)s”") % {"name": actor, "message": d["message"]}
        return _("%(name)s thanked you for your help.") % {"name": actor}
    if kind == NotificationKind.MENTIONED:
        return _("%(name)s mentioned you in “%(title)s”: %(excerpt)s") % {
            "name": actor,
            "title": d.get("title", ""),
            "excerpt": d.get("excerpt", ""),
        }
    if kind == NotificationKind.PROPOSAL_OPENED:
        return _("%(name)s made a proposal: %(text)s") % {"name": actor, "text": d.get("text", "")}
    if kind == NotificationKind.PROPOSAL_CLOSING:
        return _("A proposal closes within a day, and you have not responded: %(text)s") % {"text": d.get("text", "")}
    if kind == NotificationKind.PROPOSAL_DECIDED:
        if d.get("passed"):
            return _("A proposal passed: %(text)s") % {"text": d.get("text", "")}
        return _("A proposal did not pass: %(text)s") % {"text": d.get("text", "")}
    if kind == NotificationKind.PROPOSAL_AMENDED:
        return _("A proposal you responded to was changed; please read it again: %(text)s") % {
            "text": d.get("text", "")
        }
    if kind == NotificationKind.ASSESSMENT_REQUESTED:
        return _("How useful was “%(action)s”? Please tell, it takes a minute.") % {"action": d.get("action")}
    if kind == NotificationKind.NEED_NEAR_YOU:
        if d.get("fits"):
            return _("Someone near you needs help that fits your skills: “%(what)s”.") % {"what": d.get("what")}
        return _("Someone near you needs help: “%(what)s”.") % {"what": d.get("what")}
    if kind == NotificationKind.COMPANION:
        event = d.get("event")
        if event == "asked":
            return _("%(name)s asks about being companions: please answer.") % {"name": actor}
        if event == "agreed":
            return _("%(name)s agreed: you are companions now.") % {"name": actor}
        return _("%(name)s ended your companionship.") % {"name": actor}
    if kind == NotificationKind.REPORT_DECIDED:
        from talkoot.reports.models import ReportStatus

        status = d.get("status", "")
        outcome = ReportStatus(status).label if status in ReportStatus.values else status
        return _("The stewards decided on your report: %(outcome)s.") % {"outcome": outcome}
    if kind == NotificationKind.ROTA_DUTY:
        return _("Your team (%(team)s) is on duty for “%(rota)s” in the week of %(week)s.") % {
            "team": d.get("team", ""),
            "rota": d.get("rota", ""),
            "week": _day(d.get("week", "")),
        }
    if kind == NotificationKind.GATHERING_CANCELLED:
        return _("“%(title)s” on %(when)s is cancelled.") % {
            "title": d.get("title", ""),
            "when": _when(d.get("starts", "")),
        }
    if kind == NotificationKind.GATHERING_REMINDER:
        values = {"title": d.get("title", ""), "when": _when(d.get("starts", "")), "place": d.get("place", "")}
        if d.get("video"):
            return _("Reminder: “%(title)s” meets on %(when)s by video. Join from its page.") % values
        if values["place"]:
            return _("Reminder: “%(title)s” meets on %(when)s at %(place)s.") % values
        return _("Reminder: “%(title)s” meets on %(when)s.") % values
    if kind == NotificationKind.ROTA_SWAP:
        values = {
            "name": actor,
            "team": d.get("team", ""),
            "week": _day(d.get("week", "")),
            "other_week": _day(d.get("other_week", "")),
            "rota": d.get("rota", ""),
        }
        if d.get("event") == "accepted":
            return _("%(name)s accepted: in “%(rota)s” your team now has the week of %(other_week)s.") % values
        if d.get("event") == "declined":
            return _("%(name)s declined to swap the week of %(week)s in “%(rota)s”.") % values
        return (
            _("%(name)s (%(team)s) asks to swap their week of %(week)s for yours of %(other_week)s in “%(rota)s”.")
            % values
        )
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else kind
