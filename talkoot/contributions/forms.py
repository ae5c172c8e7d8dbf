"""Forms for the ledger: they parse and explain; the rules live in services.py."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talkoot.contributions.models import (
    MAX_CONTRIBUTION_MINUTES,
    Category,
    Contribution,
    ContributionBeneficiary,
    Thanks,
)
from talkoot.contributions.templatetags.ledger import duration_label
from talkoot.core.forms import TEXT_ATTRS, LocalDateField, PlainTextField
from talkoot.core.models import max_length_of
from talkoot.core.once import OnceField
from talkoot.members.models import Member

PRESET_MINUTES = (15, 30, 45, 60, 90, 120, 180)
OTHER = "other"
# Further back than this is more likely a typo in the year than help remembered.
OLDEST_RECORD = datetime.timedelta(days=366)


class ContributionEditForm(forms.Form):
    """How long, what kind and a note: what the contributor may change for 7 days."""

    minutes_choice = forms.ChoiceField(label=_("How long did it take?"))
    minutes_other = forms.IntegerField(
        label=_("Another length, in minutes"),
        required=False,
        min_value=1,
        max_value=MAX_CONTRIBUTION_MINUTES,
        help_text=_("Only if you chose “another length” above. For example 20, or 150 for two and a half hours."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    category = forms.ChoiceField(
        label=_("What kind of help?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what kind of help it was.")},
    )
    note = PlainTextField(
        label=_("A note (optional)"),
        required=False,
        max_length=max_length_of(Contribution, "note"),
        help_text=_("A few words about what you did. Members of the community can read it."),
        widget=forms.Textarea(attrs={"rows": 3, **TEXT_ATTRS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import, so the labels are in the language of the request.
        cast(forms.ChoiceField, self.fields["minutes_choice"]).choices = [
            *((str(minutes), duration_label(minutes)) for minutes in PRESET_MINUTES),
            (OTHER, _("Another length (write the minutes below)")),
        ]

    @staticmethod
    def initial_for(contribution: Contribution) -> dict:
        preset = contribution.minutes in PRESET_MINUTES
        return {
            "minutes_choice": str(contribution.minutes) if preset else OTHER,
            "minutes_other": None if preset else contribution.minutes,
            "category": contribution.category,
            "note": contribution.note,
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        choice = cleaned.get("minutes_choice")
        if choice == OTHER:
            if cleaned.get("minutes_other") is None and "minutes_other" not in self.errors:
                self.add_error("minutes_other", _("Please write how many minutes it took."))
            cleaned["minutes"] = cleaned.get("minutes_other")
        elif choice:
            cleaned["minutes"] = int(choice)
        return cleaned


class ContributionRecordForm(ContributionEditForm):
    """Help nobody planned ("I visited Aino", "I drafted the rota"): a gift is a gift."""

    once = OnceField()
    happened_on = LocalDateField(label=_("When?"))
    beneficiaries = forms.ModelMultipleChoiceField(
        label=_("Who was it for?"),
        queryset=Member.objects.none(),  # replaced in __init__ by the community's members
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the members you helped. If you helped nobody in particular — for example you drafted the "
            "rota — leave them all empty: the help goes to the commons, the whole community."
        ),
    )
    beneficiary_name = forms.CharField(
        label=_("Someone without an account (optional)"),
        required=False,
        max_length=max_length_of(ContributionBeneficiary, "name"),
        help_text=_("The name of a person you helped who is not on talkoot, for example a neighbour."),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )

    field_order = [
        "minutes_choice",
        "minutes_other",
        "category",
        "happened_on",
        "beneficiaries",
        "beneficiary_name",
        "note",
    ]

    def __init__(self, *args, beneficiary_choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["beneficiaries"]).queryset = beneficiary_choices
        today = timezone.localdate()
        happened_on = self.fields["happened_on"]
        happened_on.initial = today
        happened_on.widget.attrs["max"] = today.isoformat()

    def clean_happened_on(self) -> datetime.date:
        day = self.cleaned_data["happened_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("Help can only be recorded once it has happened."))
        if day < today - OLDEST_RECORD:
            raise forms.ValidationError(_("Please choose a day within the last year."))
        return day

    def service_kwargs(self) -> dict:
        """The cleaned form as the keyword arguments of `contribution_record`."""
        data = self.cleaned_data
        day = data["happened_on"]
        if day == timezone.localdate():
            happened_at = timezone.now()
        else:
            # A day is all we ask; midday keeps it on that day in every nearby time zone.
            happened_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        name = data["beneficiary_name"]
        return {
            "minutes": data["minutes"],
            "category": data["category"],
            "happened_at": happened_at,
            "beneficiaries": list(data["beneficiaries"]),
            "beneficiary_names": [name] if name else [],
            "note": data["note"],
        }


class ThanksForm(forms.Form):
    message = forms.CharField(
        label=_("A message with your thanks (optional)"),
        required=False,
        max_length=max_length_of(Thanks, "message"),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )
