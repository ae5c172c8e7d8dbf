"""What every community service checks: lengths and shapes of text, choices, who is inside."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from talkoot.communities.models import Application, Community, Membership
from talkoot.core.errors import ApplicationError
from talkoot.core.models import max_length_of
from talkoot.core.text import clean_text

MAX_QUESTIONS = 5
MAX_QUESTION_LENGTH = 300
MAX_ANSWER_LENGTH = 2000
NAME_MAX_LENGTH = max_length_of(Community, "name")
DESCRIPTION_MAX_LENGTH = max_length_of(Community, "description")
NORMS_MAX_LENGTH = max_length_of(Community, "norms")
MUNICIPALITY_MAX_LENGTH = max_length_of(Community, "municipality")
DECISION_MESSAGE_MAX_LENGTH = max_length_of(Application, "decision_message")


def clean_questions(questions: Sequence[str] | str) -> list[str]:
    """The community's own questions: at most five, one per line, no blanks or repeats."""
    if isinstance(questions, str):
        questions = questions.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in questions:
        question = clean_text(
            raw,
            max_length=MAX_QUESTION_LENGTH,
            field="application_questions",
            multiline=False,
        )
        if question and question.casefold() not in seen:
            seen.add(question.casefold())
            cleaned.append(question)
    if len(cleaned) > MAX_QUESTIONS:
        raise ApplicationError(
            _("Please ask at most %(limit)d questions; there are %(count)d.")
            % {"limit": MAX_QUESTIONS, "count": len(cleaned)},
            field="application_questions",
        )
    return cleaned


def check_choice(value: str, choices, *, field: str) -> str:
    if value not in choices.values:
        raise ApplicationError(_("Please choose one of the options."), field=field)
    return value


def active_membership_exists(*, member, community) -> bool:
    return Membership.objects.active().filter(community=community, member=member).exists()


def refuse_if_closed_to(*, member, community: Community) -> None:
    if active_membership_exists(member=member, community=community):
        raise ApplicationError(_("You are already a member of %(community)s.") % {"community": community.name})
    if community.is_private:
        # The access door already answers 404 to outsiders; this keeps other callers honest.
        raise ApplicationError(_("Private communities take new members by invitation only."))
