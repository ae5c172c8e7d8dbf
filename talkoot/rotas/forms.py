"""The forms of rotas: a new rota (plain weekday choices or an RRULE, up to four roles) and a swap."""

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talkoot.actions.forms_series import WEEKDAY_CHOICES, WEEKDAY_CODES, advanced_rule_field
from talkoot.actions.rrules import MAX_WEEKS_AHEAD, MIN_WEEKS_AHEAD, community_time_zone
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import TEXT_ATTRS, PlainTextField, add_application_error, textarea
from talkoot.core.models import max_length_of
from talkoot.rotas.models import MAX_DURATION_MINUTES, MAX_ROLE_SLOTS, MAX_WEEKS_PER_TURN, MIN_DURATION_MINUTES, Rota

ROLE_ROWS = 4
_FORM_FIELD = {"first_starts_at": "first_date", "roles": "role_1_title"}


class RotaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=max_length_of(Rota, "title"),
        help_text=_("For example: Shared dinner."),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )
    description = PlainTextField(
        label=_("Description"), required=False, max_length=max_length_of(Rota, "description"), widget=textarea(3)
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On which days"), choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    time_of_day = forms.TimeField(
        label=_("At what time"),
        initial=time(17, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
    )
    first_date = forms.DateField(
        label=_("Starting from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("The first time is on this date or the first chosen day after it."),
    )
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), initial=120)
    # No lower limit here: the service explains why a rota needs a team.
    teams = forms.IntegerField(label=_("Number of teams"), initial=6, help_text=_("Between 1 and 12."))
    team_names = PlainTextField(
        label=_("Names of the teams"),
        required=False,
        widget=textarea(3),
        help_text=_("Optional, one a line. Teams without a name are called Team 1, Team 2 and so on."),
    )
    weeks_per_turn = forms.IntegerField(
        label=_("Weeks per turn"),
        initial=1,
        min_value=1,
        max_value=MAX_WEEKS_PER_TURN,
        help_text=_("How many weeks in a row each team is on duty."),
    )
    weeks_ahead = forms.IntegerField(
        label=_("Weeks ahead"),
        initial=12,
        min_value=MIN_WEEKS_AHEAD,
        max_value=MAX_WEEKS_AHEAD,
        help_text=_("How many weeks ahead the duties are shown, so that people can plan."),
    )
    rrule = advanced_rule_field(
        _(
            "Only if the days above are not enough. An iCalendar rule, for example FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR. "
            "When filled in, it is used instead of the days."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].help_text = _("Each time. Between %(low)d and %(high)d.") % {
            "low": MIN_DURATION_MINUTES,
            "high": MAX_DURATION_MINUTES,
        }
        self.fields["time_of_day"].help_text = _("Community time (%(zone)s).") % {"zone": str(community_time_zone())}
        for row in range(1, ROLE_ROWS + 1):
            self.fields[f"role_{row}_title"] = forms.CharField(
                label=_("Role %(number)d") % {"number": row},
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs=TEXT_ATTRS),
                help_text=_("For example: cook.") if row == 1 else "",
            )
            self.fields[f"role_{row}_slots"] = forms.IntegerField(
                label=_("Places for role %(number)d") % {"number": row},
                required=False,
                min_value=1,
                max_value=MAX_ROLE_SLOTS,
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        first_date, time_of_day = data.get("first_date"), data.get("time_of_day")
        if first_date is None or time_of_day is None:
            return data
        if not data.get("rrule"):
            days = data.get("weekdays") or [WEEKDAY_CODES[first_date.weekday()]]
            ordered = [code for code in WEEKDAY_CODES if code in days]
            while WEEKDAY_CODES[first_date.weekday()] not in ordered:
                first_date += timedelta(days=1)
            data["rrule"] = f"FREQ=WEEKLY;BYDAY={','.join(ordered)}"
        data["first_starts_at"] = timezone.make_aware(datetime.combine(first_date, time_of_day), community_time_zone())
        roles = []
        for row in range(1, ROLE_ROWS + 1):
            title, slots = (data.get(f"role_{row}_title") or "").strip(), data.get(f"role_{row}_slots")
            if title and not slots:
                self.add_error(f"role_{row}_slots", _("Please say how many places this role has."))
            elif slots and not title:
                self.add_error(f"role_{row}_title", _("Please name this role."))
            elif title:
                roles.append((title, slots))
        data["roles"] = roles
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = ["title", "description", "rrule", "first_starts_at", "duration_minutes", "teams", "roles"]
        return {name: data[name] for name in names} | {
            "weeks_per_turn": data["weeks_per_turn"],
            "weeks_ahead": data["weeks_ahead"],
            "team_names": [line.strip() for line in (data.get("team_names") or "").splitlines() if line.strip()],
        }

    def add_service_error(self, error: ApplicationError) -> None:
        field = _FORM_FIELD.get(error.field or "", error.field)
        if field == "rrule" and not self.data.get("rrule"):
            field = None  # built from the days: shown above the form
        add_application_error(self, ApplicationError(error.message, field=field))


class SwapForm(forms.Form):
    """Our week for theirs: both lists offer the weeks still to come; the service checks whose they are."""

    week = forms.TypedChoiceField(label=_("Your team's week"), coerce=str)
    other_week = forms.TypedChoiceField(label=_("For this week of another team"), coerce=str)

    def __init__(self, *args, own_weeks, other_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["week"]).choices = own_weeks
        cast(forms.ChoiceField, self.fields["other_week"]).choices = other_weeks
