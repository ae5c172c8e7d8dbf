"""What to do next, for the person looking at an action page.

A pure function of what the page already read: no queries, easy to test.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talkoot.actions.models import STAGE_ORDER, Stage
from talkoot.actions.selectors import ActionPage


@dataclass(frozen=True)
class Step:
    text: str
    url: str = ""


def next_steps(page: ActionPage, viewer) -> list[Step]:
    action = page.action
    slug = action.community.slug
    if action.stage == Stage.CLOSED:
        return [Step(_("This action is closed. Thank you to everyone who took part."))]
    if viewer is None or not viewer.is_authenticated:
        return [Step(_("Log in to take part."), reverse("members:login") + "?next=" + _action_path(action))]

    steps: list[Step] = []
    # Soonest first; a weekly visit taken on for several weeks is mentioned once.
    seen_titles: set[str] = set()
    for row in page.my_active_claims:
        if row.task.title in seen_titles:
            continue
        seen_titles.add(row.task.title)
        steps.append(
            Step(
                _("You took on “%(task)s”. When it is done, mark it done.") % {"task": row.task.title},
                f"#task-{row.task.pk}",
            )
        )
    if page.may_assess and page.my_assessment is None:
        steps.append(
            Step(_("Tell how it went: how useful was this?"), reverse("actions:assess", args=[slug, action.pk]))
        )
    if page.may_assess and page.takes_part:
        answered = {a.on_behalf_of_id for a in page.assessments if a.on_behalf_of_id}
        for person in page.represented:
            if person.pk not in answered:
                steps.append(
                    Step(
                        _("Record the answer of %(name)s, who has no account.") % {"name": person.name},
                        reverse("actions:assess", args=[slug, action.pk]) + f"?for={person.pk}",
                    )
                )
    if page.is_member and not page.tasks and action.stage in (Stage.INITIATE, Stage.DESIGN, Stage.DELIVER):
        steps.append(
            Step(
                _("Split the work into small tasks that one person can do in one go."),
                reverse("actions:task_create", args=[slug, action.pk]),
            )
        )
    open_rows = [row for row in page.open_tasks if row.my_claim_id is None]
    if page.may_claim and open_rows:
        steps.append(
            Step(
                ngettext(
                    "%(count)d task needs someone. Could you take it on?",
                    "%(count)d tasks need someone. Could you take one on?",
                    len(open_rows),
                )
                % {"count": len(open_rows)},
                "#tasks",
            )
        )
    if page.is_member and any(row.task.could_be_split for row in open_rows):
        steps.append(Step(_("A task takes over two hours. Could it be split into smaller ones?"), "#tasks"))
    if page.takes_part:
        following = STAGE_ORDER[STAGE_ORDER.index(Stage(action.stage)) + 1]
        steps.append(
            Step(
                _("When everyone agrees this stage is done, move the action on to: %(stage)s.")
                % {"stage": following.label},
                "#stage",
            )
        )
    if not steps:
        steps.append(Step(_("Nothing is waiting for you here. You can follow how it goes.")))
    return steps


def _action_path(action) -> str:
    return reverse("actions:detail", args=[action.community.slug, action.pk])
