"""The forms of gatherings: starting one (plain choices build its repeat rule), answering, who was there."""

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from talkoot.actions.forms_series import (
    FREQUENCY_CHOICES,
    WEEKDAY_CHOICES,
    advanced_rule_field,
    clean_schedule,
)
from talkoot.actions.models import Action, ActionVisibility
from talkoot.actions.rrules import community_time_zone
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import TEXT_ATTRS, PlainTextField, textarea
from talkoot.core.models import max_length_of
from talkoot.core.once import OnceField
from talkoot.gatherings.models import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MAX_WEEKS_AHEAD,
    MIN_DURATION_MINUTES,
    MIN_WEEKS_AHEAD,
    Answer,
)
from talkoot.gatherings.services import MAX_HOSTING_ROLES, HostingRole

ONCE = "once"
_FORM_FIELD = {"first_starts_at": "first_date", "roles": "hosting"}
MAX_ROLE_TITLE = max_length_of(Action, "title")


class GatheringForm(forms.Form):
    once = OnceField()
    title = forms.CharField(
        label=_("Title"),
        max_length=max_length_of(Action, "title"),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
        help_text=_("For example: Coffee morning, Chair exercise on the TV."),
    )
    description = PlainTextField(
        label=_("What happens"), required=False, max_length=max_length_of(Action, "problem"), widget=textarea(3)
    )
    first_date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("For a repeating gathering: the first time is on this date or the first chosen day after it."),
    )
    time_of_day = forms.TimeField(
        label=_("At what time"),
        initial=time(10, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
    )
    duration_minutes = forms.IntegerField(
        label=_("How long, in minutes"), min_value=MIN_DURATION_MINUTES, max_value=MAX_DURATION_MINUTES, initial=60
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=max_length_of(Action, "place"),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
        help_text=_("Optional. A common room or a café; no home addresses: they are shown to others."),
    )
    video_url = forms.CharField(
        label=_("Video meeting link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"spellcheck": "false", "inputmode": "url"}),
        help_text=_("Optional, for those who join from home. It must begin with https://."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Optional. Leave empty when there is room for everyone."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[(ONCE, _("Only once")), *FREQUENCY_CHOICES],
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On which days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For every week or every two weeks. If you tick none, the day of the date is used."),
    )
    rrule = advanced_rule_field()
    weeks_ahead = forms.IntegerField(
        label=_("Weeks ahead"),
        min_value=MIN_WEEKS_AHEAD,
        max_value=MAX_WEEKS_AHEAD,
        initial=8,
        help_text=_("For a repeating gathering: how many weeks of times are shown, so that people can plan."),
    )
    hosting = PlainTextField(
        label=_("Hosting work"),
        required=False,
        max_length=2000,
        widget=textarea(3),
        help_text=_(
            "Optional. One kind of work per line, for example “Host”, “Bring coffee”, “Lead the exercise”. "
            "Each time gets a task for each line, which members can take on."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=ActionVisibility.choices,
        initial=ActionVisibility.COMMUNITY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_of_day"].help_text = _("Community time (%(zone)s).") % {"zone": str(community_time_zone())}

    def clean_hosting(self) -> list[HostingRole]:
        lines = [" ".join(line.split()) for line in (self.cleaned_data.get("hosting") or "").splitlines()]
        titles = [line for line in lines if line]
        if len(titles) > MAX_HOSTING_ROLES:
            raise forms.ValidationError(_("At most %(limit)d kinds of hosting work.") % {"limit": MAX_HOSTING_ROLES})
        if any(len(title) > MAX_ROLE_TITLE for title in titles):
            raise forms.ValidationError(
                _("Each line can have at most %(limit)d characters.") % {"limit": MAX_ROLE_TITLE}
            )
        return [HostingRole(title=title) for title in dict.fromkeys(titles)]

    def clean(self):
        super().clean()
        return clean_schedule(self, self.cleaned_data, once=ONCE)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = [
            "title",
            "description",
            "place",
            "video_url",
            "capacity",
            "rrule",
            "first_starts_at",
            "duration_minutes",
            "weeks_ahead",
            "visibility",
        ]
        return {name: data[name] for name in names} | {"roles": data["hosting"]}

    def on_its_field(self, error: ApplicationError) -> ApplicationError:
        """The service's error, named by the field the person filled in."""
        field = _FORM_FIELD.get(error.field or "", error.field)
        if field == "rrule" and not self.data.get("rrule"):
            field = None  # built from the plain choices: shown above the form
        return ApplicationError(error.message, field=field)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Answer.choices)


class PresentForm(forms.Form):
    """Who was there: a checkbox per member who answered, and anyone else from the community."""

    present = forms.TypedMultipleChoiceField(label=_("Who was there"), coerce=int, required=False)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.TypedMultipleChoiceField)  # noqa: S101 - declared just above
        present.choices = people
        present.widget = forms.CheckboxSelectMultiple(choices=people)
