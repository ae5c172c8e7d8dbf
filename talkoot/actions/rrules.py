"""Repeat rules (RFC 5545 RRULE) for repeating tasks: parsing, checking and expanding. Pure: no database.

A series says "every Tuesday at 10:00, 60 minutes, 1 person". Its occurrences are ordinary tasks,
created `weeks_ahead` weeks in advance by the hourly `generate_occurrences` job.

Times are wall-clock times in the community's time zone (the server's `TIME_ZONE`; communities
have no zone of their own yet): the rule is expanded on naive local times and each occurrence is
then placed in the zone, so "10:00 every Tuesday" stays 10:00 across daylight saving changes.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from dateutil import rrule as du
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.core.errors import ApplicationError

MAX_RULE_LENGTH = 500
MAX_INTERVAL = 52
MAX_COUNT = 1000
MIN_WEEKS_AHEAD, MAX_WEEKS_AHEAD = 1, 26

# dateutil's numbers for the frequencies a task may have: at most once a day.
Frequency = Literal[0, 1, 2, 3]
_FREQUENCIES: dict[str, Frequency] = {
    "YEARLY": du.YEARLY,
    "MONTHLY": du.MONTHLY,
    "WEEKLY": du.WEEKLY,
    "DAILY": du.DAILY,
}
_TOO_FREQUENT = {"HOURLY", "MINUTELY", "SECONDLY"}
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_SUPPORTED = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")


# --- The rule (pure) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A parsed repeat rule. `text` is its normalised form, as stored."""

    text: str
    freq: Frequency
    interval: int = 1
    count: int | None = None
    until: str | None = None
    byday: tuple[tuple[int, int | None], ...] = ()
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    wkst: int | None = None


def _rule_error(message: str) -> ApplicationError:
    return ApplicationError(message, field="rrule")


def _invalid(part: str) -> ApplicationError:
    return _rule_error(
        _("This repeat rule is not valid at “%(part)s”. An example of a valid rule: FREQ=WEEKLY;BYDAY=TU")
        % {"part": part[:40]}
    )


def _numbers(name: str, value: str, low: int, high: int, *, signed: bool = False) -> tuple[int, ...]:
    numbers = []
    for item in value.split(","):
        if not re.fullmatch(r"[+-]?\d{1,4}" if signed else r"\+?\d{1,4}", item):
            raise _invalid(f"{name}={value}")
        number = int(item)
        if not low <= abs(number) <= high:
            raise _invalid(f"{name}={value}")
        numbers.append(number)
    return tuple(numbers)


def _single(name: str, value: str, low: int, high: int) -> int:
    if "," in value:
        raise _invalid(f"{name}={value}")
    return _numbers(name, value, low, high)[0]


def parse_rule(text: str) -> Rule:
    """Parse and check an RRULE (without DTSTART), or raise ApplicationError(field="rrule").

    Only the parts a person needs for a repeating task are accepted, and only combinations that
    can be checked quickly for ever happening (see `Schedule.next_after`): a time of day comes
    from the first time, never from the rule, and a task repeats at most once a day.
    """
    raw = str(text or "").strip()
    if not raw:
        raise _rule_error(_("Please say how often the task repeats."))
    if len(raw) > MAX_RULE_LENGTH:
        raise _rule_error(
            _("Please keep the repeat rule to at most %(limit)d characters (it has %(count)d).")
            % {"limit": MAX_RULE_LENGTH, "count": len(raw)}
        )
    upper = raw.upper()
    if "DTSTART" in upper or "\n" in upper or "\r" in upper:
        raise _rule_error(
            _("Please leave out DTSTART and write the rule on one line: the first time has its own date and time.")
        )
    if upper.startswith("RRULE:"):
        upper = upper[len("RRULE:") :]
    parts: dict[str, str] = {}
    for item in filter(None, (piece.strip() for piece in upper.split(";"))):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise _invalid(item)
        if name in parts:
            raise _rule_error(_("%(part)s appears twice in the repeat rule.") % {"part": name[:20]})
        parts[name] = value
    for name in parts:
        if name in {"BYHOUR", "BYMINUTE", "BYSECOND"}:
            raise _rule_error(
                _("Please leave %(part)s out of the rule: the time of day is chosen separately.") % {"part": name}
            )
        if name not in _SUPPORTED:
            raise _rule_error(_("Repeating tasks do not support %(part)s in the rule.") % {"part": name[:20]})
    if "FREQ" not in parts:
        raise _rule_error(_("The rule needs FREQ, for example FREQ=WEEKLY."))
    if parts["FREQ"] in _TOO_FREQUENT:
        raise _rule_error(_("A task can repeat at most once a day: please use DAILY, WEEKLY, MONTHLY or YEARLY."))
    if parts["FREQ"] not in _FREQUENCIES:
        raise _invalid(f"FREQ={parts['FREQ']}")
    freq = _FREQUENCIES[parts["FREQ"]]
    interval = _single("INTERVAL", parts["INTERVAL"], 1, MAX_INTERVAL) if "INTERVAL" in parts else 1
    if "COUNT" in parts and "UNTIL" in parts:
        raise _rule_error(_("Please use either COUNT or UNTIL in the rule, not both."))
    count = _single("COUNT", parts["COUNT"], 1, MAX_COUNT) if "COUNT" in parts else None
    until = parts.get("UNTIL")
    if until is not None:
        _until_local(until, UTC)  # checks the format and the date
    bymonth = _numbers("BYMONTH", parts["BYMONTH"], 1, 12) if "BYMONTH" in parts else ()
    bymonthday = _numbers("BYMONTHDAY", parts["BYMONTHDAY"], 1, 31, signed=True) if "BYMONTHDAY" in parts else ()
    byday: list[tuple[int, int | None]] = []
    for item in parts["BYDAY"].split(",") if "BYDAY" in parts else []:
        match = _BYDAY.match(item)
        if not match:
            raise _invalid(f"BYDAY={parts['BYDAY']}")
        nth = int(match.group(1)) if match.group(1) else None
        byday.append((_WEEKDAYS.index(match.group(2)), nth))
    wkst = None
    if "WKST" in parts:
        if parts["WKST"] not in _WEEKDAYS:
            raise _invalid(f"WKST={parts['WKST']}")
        wkst = _WEEKDAYS.index(parts["WKST"])
    _check_combinations(freq, interval, byday, bymonthday, bymonth)
    return Rule(
        text=";".join(f"{name}={value}" for name, value in parts.items()),
        freq=freq,
        interval=interval,
        count=count,
        until=until,
        byday=tuple(byday),
        bymonthday=bymonthday,
        bymonth=bymonth,
        wkst=wkst,
    )


def _check_combinations(freq, interval, byday, bymonthday, bymonth) -> None:
    """Refuse rules that can never happen, where that is decidable without expanding the rule.

    dateutil looks for an occurrence up to the year 9999 before giving up, so a rule that never
    happens could take seconds; what remains after these checks is found (or not) quickly.
    """
    ordinals = [nth for _day, nth in byday if nth is not None]
    if ordinals:
        if freq not in (du.MONTHLY, du.YEARLY):
            raise _rule_error(_("“The first Monday” and the like only work with FREQ=MONTHLY or FREQ=YEARLY."))
        if bymonthday:
            raise _rule_error(_("Please use either BYMONTHDAY or a numbered BYDAY (like 1MO), not both."))
        limit = 53 if freq == du.YEARLY and not bymonth else 5
        if 0 in ordinals:
            raise _invalid("BYDAY=0")
        if any(abs(nth) > limit for nth in ordinals):
            raise _rule_error(_("A month has at most five of each weekday."))
    if freq == du.DAILY and interval > 1 and (byday or bymonthday or bymonth):
        raise _rule_error(_("For “every few days”, please leave out BYDAY, BYMONTHDAY and BYMONTH."))
    months = bymonth or tuple(range(1, 13))
    if bymonthday and not any(abs(day) <= _DAYS_IN_MONTH[month - 1] for month in months for day in bymonthday):
        raise _rule_error(_("Those days do not exist in those months."))


def _until_local(value: str, tz: tzinfo) -> datetime:
    """UNTIL as a naive wall-clock time in `tz`: a date means the end of that day, Z means UTC."""
    match = _UNTIL.match(value)
    if not match:
        raise _invalid(f"UNTIL={value}")
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            return datetime(int(year), int(month), int(day), 23, 59, 59)  # noqa: DTZ001 - wall-clock time
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))  # noqa: DTZ001
    except ValueError:
        raise _invalid(f"UNTIL={value}") from None
    if utc:
        return moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
    return moment


def community_time_zone() -> tzinfo:
    """The zone in which a series' time of day is meant (the server's, until communities have one)."""
    return timezone.get_default_timezone()


def _wall_clock(moment: datetime, tz: tzinfo) -> datetime:
    return timezone.localtime(moment, tz).replace(tzinfo=None)


class Schedule:
    """The occurrences of a rule from a first time, as timezone-aware UTC datetimes."""

    def __init__(self, rule: Rule | str, first_starts_at: datetime, tz: tzinfo | None = None):
        self.rule = parse_rule(rule) if isinstance(rule, str) else rule
        self.tz = tz or community_time_zone()
        rule = self.rule
        self._rrule = du.rrule(
            rule.freq,
            dtstart=_wall_clock(first_starts_at, self.tz),
            interval=rule.interval,
            count=rule.count,
            until=_until_local(rule.until, self.tz) if rule.until else None,
            wkst=rule.wkst,
            byweekday=[du.weekday(day, nth) for day, nth in rule.byday] or None,
            bymonthday=rule.bymonthday or None,
            bymonth=rule.bymonth or None,
        )

    def _place(self, wall_clock: datetime) -> datetime:
        # A wall-clock time skipped by the spring change (fold=0) lands an hour later; an
        # ambiguous one in autumn takes the first (summer) reading.
        return wall_clock.replace(tzinfo=self.tz).astimezone(UTC)

    def _from(self, start: datetime):
        # A day's margin on the wall clock: the comparison that counts is on real instants.
        for wall_clock in self._rrule.xafter(_wall_clock(start, self.tz) - timedelta(days=1), inc=True):
            moment = self._place(wall_clock)
            if moment >= start:
                yield moment

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences with start <= occurrence < end."""
        moments = []
        for moment in self._from(start):
            if moment >= end:
                break
            moments.append(moment)
        return moments

    def next_after(self, start: datetime) -> datetime | None:
        """The first occurrence at or after `start`, or None when the rule has ended."""
        return next(self._from(start), None)


def check_rule(text: str, first_starts_at: datetime, *, now: datetime | None = None) -> Rule:
    """A rule that parses and will still happen from `first_starts_at` (or now) on."""
    now = now or timezone.now()
    rule = parse_rule(text)
    if rule.until:
        tz = community_time_zone()
        until = _until_local(rule.until, tz).replace(tzinfo=tz)
        if until < now:
            raise _rule_error(_("This repeat rule has already ended (UNTIL is past)."))
        if until < first_starts_at:
            raise _rule_error(_("This repeat rule ends before its first time."))
    if Schedule(rule, first_starts_at).next_after(max(first_starts_at, now)) is None:
        raise _rule_error(_("This repeat rule never happens from the first time on. Please check it."))
    return rule
