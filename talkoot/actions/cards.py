"""What a task card or task row says, worked out once per row in Python.

Lists of tasks are the busiest parts of the busiest pages ('For you', the community page, the
action page). Said in template tags, each row's dates, plural forms and links cost more than the
page's queries; said here, a row costs a few dozen microseconds and the templates only place the
words. The words are the same msgids the templates used, so the catalogues are unchanged.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from talkoot.actions.models import Task
from talkoot.actions.ranking import FITS_WEEK, NEAR_MUNICIPALITY, NEAR_POSTAL_AREA
from talkoot.core.dates import iso, short_datetime
from talkoot.core.links import IdUrl


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """A task's time, length, free places and place, as a card or row says them."""

    when: str  # "Tue 3.12. 10:00", "by Tue 3.12. 10:00" or "any time"
    starts_iso: str  # for <time datetime="…">; "" unless the task starts at a set time
    effort: str  # "about 60 minutes"
    places: str  # "1 of 2 places free"
    place: str


def task_facts(task: Task, *, fallback_place: str = "") -> TaskFacts:
    if task.starts_at:
        when, starts_iso = short_datetime(task.starts_at), iso(task.starts_at)
    elif task.deadline:
        when, starts_iso = gettext("by %(date)s") % {"date": short_datetime(task.deadline)}, ""
    else:
        when, starts_iso = gettext("any time"), ""
    effort = task.effort_minutes
    slots = task.slots
    return TaskFacts(
        when=when,
        starts_iso=starts_iso,
        effort=ngettext("about %(counter)s minute", "about %(counter)s minutes", effort) % {"counter": effort},
        places=ngettext("%(free)s of %(counter)s place free", "%(free)s of %(counter)s places free", slots)
        % {"free": task.free_slots, "counter": slots},
        place=task.place or fallback_place,
    )


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class TaskCard:
    """A task someone could take on (`actions/includes/task_cards.html`)."""

    task: Task
    url: str
    part_of: SafeString  # "Part of <bdi>the action's title</bdi>"
    facts: TaskFacts
    reasons: tuple[Reason, ...]  # why 'For you' shows it; empty elsewhere
    claim_url: str  # "" where the card offers no "I'll do it"
    claim_label: SafeString


def _reasons(task: Task) -> tuple[Reason, ...]:
    """The ranking's scores (set on the task by `ranking.tasks_for_you`) in a few words each."""
    reasons = []
    if getattr(task, "my_team", 0):  # a rota's task, still reserved for the member's team
        reasons.append(Reason(gettext("Your team's week")))
    if getattr(task, "skills_matched", 0):
        text = gettext("Matches your skills")
        if skills := getattr(task, "matching_skills", None):
            text += ": " + ", ".join(str(skill) for skill in skills)
        reasons.append(Reason(text))
    nearness = getattr(task, "nearness", 0)
    if nearness == NEAR_POSTAL_AREA:
        reasons.append(Reason(gettext("Near you")))
    elif nearness == NEAR_MUNICIPALITY:
        reasons.append(Reason(gettext("In your municipality")))
    if getattr(task, "week_fit", 0) == FITS_WEEK:
        reasons.append(Reason(gettext("Fits your week")))
    if getattr(task, "needs_one_more", 0):
        reasons.append(Reason(gettext("Needs one more person"), urgent=True))
    return tuple(reasons)


def task_cards(tasks, community_slug: str, *, with_reasons: bool, with_claim: bool, for_person=None) -> list[TaskCard]:
    """Cards for tasks read with their action (`select_related("action")`), in their order.

    With `for_person` the claim button is a companion's, taking the task on for that member."""
    action_url = IdUrl("actions:detail", community_slug)
    if for_person is None:
        claim_url = IdUrl("actions:task_claim", community_slug)
        label = gettext('I\'ll do it<span class="visually-hidden">: “%(title)s”</span>')
    else:
        claim_url = IdUrl("companions:claim", community_slug, for_person.pk)
        label = gettext('Take it on for <bdi>%(name)s</bdi><span class="visually-hidden">: “%(title)s”</span>')
    name = escape(for_person.display_name) if for_person is not None else ""
    cards = []
    for task in tasks:
        title = escape(task.title)
        cards.append(
            TaskCard(
                task=task,
                url=f"{action_url(task.action_id)}#task-{task.pk}",
                part_of=mark_safe(gettext("Part of <bdi>%(title)s</bdi>") % {"title": escape(task.action.title)}),  # noqa: S308
                facts=task_facts(task, fallback_place=task.action.place),
                reasons=_reasons(task) if with_reasons else (),
                claim_url=claim_url(task.pk) if with_claim else "",
                claim_label=mark_safe(label % {"title": title, "name": name}),  # noqa: S308
            )
        )
    return cards


def link_actions(actions, community_slug: str) -> None:
    """Give each action its page's address as `page_url` (one `reverse` for the whole list)."""
    url = IdUrl("actions:detail", community_slug)
    for action in actions:
        action.page_url = url(action.pk)
