"""Weekly availability: seven weekdays times three parts of the day, kept as a bit mask.

One integer column keeps "who can help on Tuesday mornings" a single indexed comparison
(`availability & bit`) on SQLite and PostgreSQL alike.
"""

from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS_OF_DAY = [
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
]
SLOTS = [f"{day}-{part}" for day, _label in WEEKDAYS for part, _plabel in PARTS_OF_DAY]
ALL_SLOTS_MASK = (1 << len(SLOTS)) - 1


def slot_bit(slot: str) -> int:
    return 1 << SLOTS.index(slot)


def mask_from_slots(slots) -> int:
    mask = 0
    for slot in slots:
        if slot not in SLOTS:
            raise ValueError(f"Unknown availability slot {slot!r}")
        mask |= slot_bit(slot)
    return mask


def slots_from_mask(mask: int) -> list[str]:
    return [slot for index, slot in enumerate(SLOTS) if mask & (1 << index)]


def slot_choices():
    return [
        # Translators: one time slot of the weekly availability, e.g. "Monday morning".
        (f"{day}-{part}", _("%(day)s %(part)s") % {"day": day_label, "part": part_label})
        for day, day_label in WEEKDAYS
        for part, part_label in PARTS_OF_DAY
    ]
