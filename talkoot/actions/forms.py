"""Forms parse and explain; the rules themselves live in services.py."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talkoot.actions.models import MAX_EFFORT_MINUTES, MAX_SLOTS, STAGE_ORDER, Action, ActionVisibility, Task
from talkoot.actions.services import MAX_SPLIT_PARTS, NEED_KINDS
from talkoot.contributions.models import Assessment, Category
from talkoot.core.forms import TEXT_ATTRS, LocalDateField, LocalDateTimeField, PlainTextField, textarea
from talkoot.core.models import max_length_of
from talkoot.core.once import OnceField
from talkoot.members.models import Member, Skill

EFFORT_CHOICES = [
    (15, _("15 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30 minutes")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
]


def _text(label, model, field_name, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length_of(model, field_name),
        help_text=help_text,
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )


class ForWhom:
    ME = "me"
    MEMBERS = "members"
    SOMEONE = "someone"
    EVERYONE = "everyone"


class ActionForm(forms.Form):
    once = OnceField()
    title = _text(_("Title"), Action, "title", required=True, help_text=_("A few words, for example “Shopping help”."))
    problem = PlainTextField(
        label=_("The problem it solves"),
        required=False,
        max_length=max_length_of(Action, "problem"),
        help_text=_("What is wrong or missing now, and for whom."),
        widget=textarea(5),
    )
    for_whom = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[
            (ForWhom.EVERYONE, _("The whole community")),
            (ForWhom.ME, _("Me")),
            (ForWhom.MEMBERS, _("Members of the community (choose below)")),
            (ForWhom.SOMEONE, _("Someone without an account (write their name below)")),
        ],
        initial=ForWhom.EVERYONE,
        widget=forms.RadioSelect,
    )
    beneficiaries: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Members it is for"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    beneficiary_name = forms.CharField(
        label=_("Name of the person without an account"),
        required=False,
        max_length=120,
        help_text=_("You act for them: you will see their tasks and can answer for them."),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=ActionVisibility.choices,
        initial=ActionVisibility.COMMUNITY,
        help_text=_("Anyone: readable by everyone and any signed-in person can take on its tasks."),
        widget=forms.RadioSelect,
    )
    place = _text(_("Place"), Action, "place", help_text=_("Optional. No home addresses: they are shown to others."))
    starts_on = LocalDateField(label=_("Starts on"), required=False)
    ends_on = LocalDateField(label=_("Ends on"), required=False)

    def __init__(self, *args, members_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["beneficiaries"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 (for the type checker)
        field.queryset = members_queryset
        field.label_from_instance = lambda member: member.display_name  # type: ignore[method-assign,assignment]

    def clean(self):
        data = super().clean() or {}
        choice = data.get("for_whom")
        if choice == ForWhom.MEMBERS and not data.get("beneficiaries"):
            self.add_error("beneficiaries", _("Please choose at least one member."))
        if choice == ForWhom.SOMEONE and not (data.get("beneficiary_name") or "").strip():
            self.add_error("beneficiary_name", _("Please write the person's name."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data

    def service_arguments(self, member) -> dict:
        data = self.cleaned_data
        choice = data["for_whom"]
        return {
            "title": data["title"],
            "problem": data["problem"],
            "visibility": data["visibility"],
            "place": data["place"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "beneficiary_members": [member]
            if choice == ForWhom.ME
            else list(data["beneficiaries"])
            if choice == ForWhom.MEMBERS
            else [],
            "beneficiary_names": [data["beneficiary_name"]] if choice == ForWhom.SOMEONE else [],
        }


class DayPart:
    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


_DAY_PART_START = {DayPart.MORNING: time(9), DayPart.AFTERNOON: time(13), DayPart.EVENING: time(17)}


class NeedHelpForm(forms.Form):
    """Few questions, big choices: what, when, about how long, and for whom."""

    once = OnceField()
    what = _text(
        _("What do you need help with?"),
        Task,
        "title",
        required=True,
        help_text=_("For example “Carrying the shopping home” or “Company for a walk”."),
    )
    details = PlainTextField(
        label=_("Anything the helper should know"),
        required=False,
        max_length=max_length_of(Task, "description"),
        widget=textarea(3),
    )
    day = LocalDateField(label=_("Which day?"), required=False, help_text=_("Leave empty if any day is fine."))
    day_part = forms.ChoiceField(
        label=_("What time of day?"),
        choices=[
            (DayPart.ANY, _("Any time that day")),
            (DayPart.MORNING, _("Morning (from 9)")),
            (DayPart.AFTERNOON, _("Afternoon (from 13)")),
            (DayPart.EVENING, _("Evening (from 17)")),
        ],
        initial=DayPart.ANY,
        widget=forms.RadioSelect,
    )
    effort_minutes = forms.TypedChoiceField(
        label=_("About how long will it take?"), choices=EFFORT_CHOICES, coerce=int, initial=60
    )
    kind = forms.ChoiceField(
        label=_("What kind of help?"),
        required=False,
        choices=[("", _("Not sure")), *((value, Category(value).label) for value in NEED_KINDS)],
        initial="",
        help_text=_("Neighbours with skills for it are told first."),
        widget=forms.RadioSelect,
    )
    for_name = forms.CharField(
        label=_("Asking for someone else?"),
        required=False,
        max_length=120,
        help_text=_("Write the name of the person without an account you ask for. Leave empty if it is for you."),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )

    def clean(self):
        data = super().clean() or {}
        day = data.get("day")
        if day and day < timezone.localdate():
            self.add_error("day", _("Please choose today or a day ahead."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        day, part = data["day"], data["day_part"]
        starts_at = deadline = None
        if day and part in _DAY_PART_START:
            starts_at = timezone.make_aware(datetime.combine(day, _DAY_PART_START[part]))
        elif day:
            deadline = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0)))
        return {
            "what": data["what"],
            "details": data["details"],
            "starts_at": starts_at,
            "deadline": deadline,
            "effort_minutes": data["effort_minutes"],
            "for_name": data.get("for_name", ""),  # a companion's form leaves the field out
            "kind": data.get("kind", ""),
        }


class Timing:
    NONE = "none"
    DEADLINE = "deadline"
    SCHEDULED = "scheduled"


class TaskForm(forms.Form):
    once = OnceField()
    title = _text(_("Title"), Task, "title", required=True, help_text=_("Something one person can do in one go."))
    description = PlainTextField(
        label=_("Description"), required=False, max_length=max_length_of(Task, "description"), widget=textarea(3)
    )
    effort_minutes = forms.IntegerField(
        label=_("Effort in minutes"),
        min_value=1,
        max_value=MAX_EFFORT_MINUTES,
        initial=60,
        help_text=_("Between 1 and %(limit)d. Tasks over two hours are easier to take on when split.")
        % {"limit": MAX_EFFORT_MINUTES},
    )
    slots = forms.IntegerField(label=_("People needed"), min_value=1, max_value=MAX_SLOTS, initial=1)
    timing = forms.ChoiceField(
        label=_("When"),
        choices=[
            (Timing.NONE, _("Any time")),
            (Timing.DEADLINE, _("By a deadline")),
            (Timing.SCHEDULED, _("At a set time")),
        ],
        initial=Timing.NONE,
        widget=forms.RadioSelect,
    )
    deadline = LocalDateTimeField(label=_("Deadline"), required=False)
    starts_at = LocalDateTimeField(label=_("Starts"), required=False)
    ends_at = LocalDateTimeField(label=_("Ends"), required=False, help_text=_("Leave empty to use the effort."))
    place = _text(_("Place"), Task, "place", help_text=_("Optional. No home addresses: they are shown to others."))
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills that help"),
        required=False,
        queryset=Skill.objects.filter(is_curated=True).order_by("slug"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean() or {}
        timing = data.get("timing")
        if timing == Timing.DEADLINE and not data.get("deadline"):
            self.add_error("deadline", _("Please give the deadline."))
        if timing == Timing.SCHEDULED:
            if not data.get("starts_at"):
                self.add_error("starts_at", _("Please give the start."))
            elif data["starts_at"] < timezone.now():
                self.add_error("starts_at", _("The start is already past."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        timing = data["timing"]
        starts_at = data["starts_at"] if timing == Timing.SCHEDULED else None
        ends_at = data["ends_at"] if timing == Timing.SCHEDULED else None
        if starts_at and not ends_at and data.get("effort_minutes"):
            ends_at = starts_at + timedelta(minutes=data["effort_minutes"])
        return {
            "title": data["title"],
            "description": data["description"],
            "effort_minutes": data["effort_minutes"],
            "slots": data["slots"],
            "deadline": data["deadline"] if timing == Timing.DEADLINE else None,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": data["place"],
            "skills": list(data["skills"]),
        }


class SplitForm(forms.Form):
    parts = forms.IntegerField(label=_("Into how many tasks?"), min_value=2, max_value=MAX_SPLIT_PARTS, initial=2)
    # The effort the person saw: a double click or a stale page does not split twice.
    seen_effort_minutes = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimDoneForm(forms.Form):
    actual_minutes = forms.IntegerField(
        label=_("How many minutes did it take?"),
        min_value=1,
        max_value=24 * 60,
        help_text=_("We fill in the estimate; change it if it took more or less."),
    )
    category = forms.ChoiceField(label=_("Kind of help"), choices=Category.choices, initial=Category.OTHER)
    note = forms.CharField(
        label=_("A note (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StageMoveForm(forms.Form):
    from_stage = forms.ChoiceField(choices=[(s.value, s.label) for s in STAGE_ORDER], widget=forms.HiddenInput)
    to_stage = forms.ChoiceField(choices=[(s.value, s.label) for s in STAGE_ORDER], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why does it go back?"), required=False, max_length=500)


class AssessmentForm(forms.Form):
    value_in_use = forms.TypedChoiceField(
        label=_("How useful was this?"),
        choices=[
            (5, _("5 – Very useful")),
            (4, _("4 – Useful")),
            (3, _("3 – Somewhat useful")),
            (2, _("2 – A little useful")),
            (1, _("1 – Not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    difference = PlainTextField(
        label=_("What difference did this make?"),
        required=False,
        max_length=max_length_of(Assessment, "difference"),
        widget=textarea(3),
    )
    change_next_time = PlainTextField(
        label=_("What should change next time?"),
        required=False,
        max_length=max_length_of(Assessment, "change_next_time"),
        widget=textarea(3),
    )
