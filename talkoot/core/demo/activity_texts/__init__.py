"""What demo members write when they start actions, describe tasks, record help, thank and assess.

User content, not interface text: written as Helsinki pensioners and their younger neighbours would
write it. Every text is a (Finnish, English) pair; the writer's language picks one. Nothing here
speaks of balances, debts or hours owed: help is a gift recorded, and thanks are free.

The texts are split by what they describe; everything is importable from here.
"""

from talkoot.core.demo.activity_texts.everyday import (
    CHANGE_NEXT_TIME,
    CLAIM_NOTES,
    DIFFERENCE,
    HOME,
    NAMED_BENEFICIARIES,
    NEED_HELP,
    PLACES,
    SERIES,
    THANKS,
    UNPLANNED,
)
from talkoot.core.demo.activity_texts.for_many import FOR_MANY
from talkoot.core.demo.activity_texts.for_one import FOR_ONE
from talkoot.core.demo.activity_texts.kinds import (
    DEADLINE,
    GROWING,
    NONE,
    SLOT,
    WINTER,
    ActionText,
    TaskText,
    Text,
)

# People asking for themselves first, then groups and the commons: the order the seeds were tuned with.
ACTIONS: tuple[ActionText, ...] = (*FOR_ONE, *FOR_MANY)

__all__ = [
    "ACTIONS",
    "CHANGE_NEXT_TIME",
    "CLAIM_NOTES",
    "DEADLINE",
    "DIFFERENCE",
    "GROWING",
    "HOME",
    "NAMED_BENEFICIARIES",
    "NEED_HELP",
    "NONE",
    "PLACES",
    "SERIES",
    "SLOT",
    "THANKS",
    "UNPLANNED",
    "WINTER",
    "ActionText",
    "TaskText",
    "Text",
]
