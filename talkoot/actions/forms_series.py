"""The form for a repeating task: plain choices ("every week on Tuesday at 10:00") that build the rule.

A raw RRULE can be typed in the advanced field instead; the service checks every rule either way.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talkoot.actions.models import MAX_EFFORT_MINUTES, MAX_SLOTS, TaskSeries
from talkoot.actions.rrules import (
    MAX_RULE_LENGTH,
    MAX_WEEKS_AHEAD,
    MIN_WEEKS_AHEAD,
    Schedule,
    community_time_zone,
    parse_rule,
)
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import TEXT_ATTRS, PlainTextField, add_application_error, textarea
from talkoot.core.models import max_length_of
from talkoot.members.models import Skill

DAILY, WEEKLY, EVERY_TWO_WEEKS, MONTHLY = "daily", "weekly", "every_two_weeks", "monthly"
FREQUENCY_CHOICES = [
    (DAILY, _("Every day")),
    (WEEKLY, _("Every week")),
    (EVERY_TWO_WEEKS, _("Every two weeks")),
    (MONTHLY, _("Every month")),
]
WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
WEEKDAY_CODES = [code for code, _label in WEEKDAY_CHOICES]
LAST_DAY_IN_EVERY_MONTH = 28

# The service's field names, where the form calls them something else.
_FORM_FIELD = {"first_starts_at": "first_date"}


def advanced_rule_field(help_text=None) -> forms.CharField:
    """A raw RRULE typed in, for what the plain choices cannot say; the service checks it."""
    return forms.CharField(
        label=_("Advanced: a repeat rule"),
        required=False,
        max_length=MAX_RULE_LENGTH,
        help_text=help_text
        or _(
            "Only if the choices above are not enough. An iCalendar rule, for example FREQ=MONTHLY;BYDAY=1MO "
            "for the first Monday of every month. When filled in, it is used instead of “How often” and the days."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
    )


def _text(label, field_name: str, *, required: bool = False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length_of(TaskSeries, field_name),
        help_text=help_text,
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )


class SeriesForm(forms.Form):
    title = _text(_("Title"), "title", required=True, help_text=_("Something one person can do in one go."))
    description = PlainTextField(
        label=_("Description"),
        required=False,
        max_length=max_length_of(TaskSeries, "description"),
        widget=textarea(3),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=FREQUENCY_CHOICES, initial=WEEKLY, required=False, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On which days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For every week or every two weeks. If you tick none, the day of the first date is used."),
    )
    time_of_day = forms.TimeField(
        label=_("At what time"),
        initial=time(10, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
    )
    first_date = forms.DateField(
        label=_("Starting from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("The first time is on this date or the first chosen day after it."),
    )
    effort_minutes = forms.IntegerField(
        label=_("Effort in minutes"),
        min_value=1,
        max_value=MAX_EFFORT_MINUTES,
        initial=60,
    )
    slots = forms.IntegerField(label=_("People needed"), min_value=1, max_value=MAX_SLOTS, initial=1)
    place = _text(_("Place"), "place", help_text=_("Optional. No home addresses: they are shown to others."))
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills that help"),
        required=False,
        queryset=Skill.objects.filter(is_curated=True).order_by("slug"),
        widget=forms.CheckboxSelectMultiple,
    )
    weeks_ahead = forms.IntegerField(
        label=_("Weeks ahead"),
        min_value=MIN_WEEKS_AHEAD,
        max_value=MAX_WEEKS_AHEAD,
        initial=4,
        help_text=_("How many weeks ahead the tasks are shown, so that people can plan."),
    )
    rrule = advanced_rule_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = str(community_time_zone())
        self.fields["effort_minutes"].help_text = _("Each time. Between 1 and %(limit)d.") % {
            "limit": MAX_EFFORT_MINUTES
        }
        self.fields["time_of_day"].help_text = _("Community time (%(zone)s).") % {"zone": zone}

    @classmethod
    def initial_for(cls, series: TaskSeries, *, now: datetime | None = None) -> dict:
        """The form for an existing series, starting from its next time (or its first, if still to come)."""
        now = now or timezone.now()
        tz = community_time_zone()
        upcoming = series.first_starts_at
        if upcoming < now:
            upcoming = Schedule(series.rrule, series.first_starts_at).next_after(now) or upcoming
        local = timezone.localtime(upcoming, tz)
        initial = {
            "title": series.title,
            "description": series.description,
            "time_of_day": local.time().replace(second=0, microsecond=0),
            "first_date": local.date(),
            "effort_minutes": series.effort_minutes,
            "slots": series.slots,
            "place": series.place,
            "skills": list(series.skills.all()),
            "weeks_ahead": series.weeks_ahead,
        }
        return initial | _plain_choices(series.rrule, local.date())

    def clean(self):
        super().clean()
        return clean_schedule(self, self.cleaned_data)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = ["title", "description", "effort_minutes", "slots", "rrule", "first_starts_at", "weeks_ahead", "place"]
        return {name: data[name] for name in names} | {"skills": list(data["skills"])}

    def add_service_error(self, error: ApplicationError) -> None:
        """Show the service's error beside the field the person filled in."""
        field = _FORM_FIELD.get(error.field or "", error.field)
        if field == "rrule" and not self.data.get("rrule"):
            field = None  # built from the plain choices: shown above the form
        add_application_error(self, ApplicationError(error.message, field=field))


def clean_schedule(form: forms.Form, data: dict, *, once: str | None = None) -> dict:
    """The first time and the repeat rule from a form's plain choices (frequency, weekdays,
    first_date, time_of_day) or its typed rule: sets `rrule` and `first_starts_at` in `data`, or
    puts the errors on the form. `once` is the frequency that means no repeating at all."""
    first_date, time_of_day = data.get("first_date"), data.get("time_of_day")
    if first_date is None or time_of_day is None:
        return data
    tz = community_time_zone()
    if timezone.make_aware(datetime.combine(first_date, time_of_day), tz) < timezone.now():
        # Checked as typed: moving to the first chosen weekday must not hide a date in the past.
        form.add_error("first_date", _("The first time is already past."))
        return data
    frequency = data.get("frequency")
    if data.get("rrule"):
        pass  # typed by hand: the service checks it
    elif once is not None and frequency == once:
        data["rrule"] = ""
    elif not frequency:
        form.add_error("frequency", _("Please choose how often."))
        return data
    elif frequency == MONTHLY and first_date.day > LAST_DAY_IN_EVERY_MONTH:
        form.add_error(
            "first_date",
            _("For every month, please choose a day from 1 to 28, so that it happens in every month."),
        )
        return data
    else:
        days = data.get("weekdays") or [WEEKDAY_CODES[first_date.weekday()]]
        data["rrule"], first_date = rule_for_choices(frequency, days, first_date)
    data["first_starts_at"] = timezone.make_aware(datetime.combine(first_date, time_of_day), tz)
    return data


def rule_for_choices(frequency: str, days: list[str], first_date: date) -> tuple[str, date]:
    """The RRULE for the plain choices, and the first date moved to the first chosen weekday
    (so that "every two weeks" counts from the first time, as people expect)."""
    if frequency == DAILY:
        return "FREQ=DAILY", first_date
    if frequency == MONTHLY:
        return f"FREQ=MONTHLY;BYMONTHDAY={first_date.day}", first_date
    ordered = [code for code in WEEKDAY_CODES if code in days]
    while WEEKDAY_CODES[first_date.weekday()] not in ordered:
        first_date += timedelta(days=1)
    interval = ";INTERVAL=2" if frequency == EVERY_TWO_WEEKS else ""
    return f"FREQ=WEEKLY{interval};BYDAY={','.join(ordered)}", first_date


def _plain_choices(text: str, first_date: date) -> dict:
    """The plain choices that build this rule again, or the rule itself in the advanced field."""
    try:
        rule = parse_rule(text)
    except ApplicationError:
        return {"rrule": text}
    if rule.count is None and rule.until is None and rule.wkst is None and not rule.bymonth:
        parts = text.split(";")
        if parts == ["FREQ=DAILY"]:
            return {"frequency": DAILY}
        if parts == ["FREQ=MONTHLY", f"BYMONTHDAY={first_date.day}"]:
            return {"frequency": MONTHLY}
        if rule.byday and all(nth is None for _day, nth in rule.byday) and not rule.bymonthday:
            days = [WEEKDAY_CODES[day] for day, _nth in rule.byday]
            for frequency in (WEEKLY, EVERY_TWO_WEEKS):
                if rule_for_choices(frequency, days, first_date) == (text, first_date):
                    return {"frequency": frequency, "weekdays": days}
    return {"rrule": text}
