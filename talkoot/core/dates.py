"""Times as the pages show them, formatted once per row in Python.

A template's `date` filter costs several times more than these (it parses its format string and
looks up the language's formats on every use), and long lists show two or three dates a row. The
results are the same as the filters': `short_datetime(value)` is `value|date:"D j.n. H:i"`,
`long_date(value)` is `value|date:"DATE_FORMAT"`, `iso(value)` is `value|date:"c"`, all in the
current time zone and language.
"""

from datetime import date, datetime

from django.utils import dateformat, formats, timezone
from django.utils.dates import WEEKDAYS_ABBR


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def short_datetime(value: datetime) -> str:
    """'Tue 3.12. 10:00' ('ti 3.12. 10:00' in Finnish): a weekday, the day and month, the time."""
    local = _local(value)
    return f"{WEEKDAYS_ABBR[local.weekday()]} {local.day}.{local.month}. {local:%H:%M}"


def long_date(value: date | datetime) -> str:
    """The language's DATE_FORMAT ('Dec. 3, 2026', '3.12.2026')."""
    local = _local(value) if isinstance(value, datetime) else value
    return dateformat.format(local, formats.get_format("DATE_FORMAT"))


def iso(value: datetime) -> str:
    """For `<time datetime="…">`."""
    return _local(value).isoformat()
