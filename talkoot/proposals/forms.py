"""Forms parse and explain; the rules live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talkoot.communities.models import MAX_TRUST_THRESHOLD
from talkoot.core.forms import PlainTextField
from talkoot.core.forms import textarea as _textarea
from talkoot.core.once import OnceField
from talkoot.proposals import services
from talkoot.proposals.models import SETTING_LABELS, ProposalKind, ResponseKind

WINDOWS = [(24, _("1 day")), (72, _("3 days")), (168, _("1 week")), (336, _("2 weeks"))]
# A setting and its new value in one choice, so the form never pairs a setting with a wrong value.
SETTING_CHOICES = [
    ("", _("Choose…")),
    *SETTING_LABELS.items(),
    ("trust_threshold:", _("Trust needed to be a steward (give a number below)")),
]


class ProposalForm(forms.Form):
    once = OnceField()  # a double click opens one proposal
    kind = forms.ChoiceField(label=_("What do you propose?"), choices=ProposalKind.choices, widget=forms.RadioSelect)
    text = PlainTextField(
        label=_("Your proposal, in your own words"),
        max_length=services.TEXT_MAX_LENGTH,
        help_text=_("What should change and why. Members consent, raise a concern or object."),
        widget=_textarea(),
    )
    norms = PlainTextField(
        label=_("The new text of “How we work here”"),
        required=False,
        max_length=services.TEXT_MAX_LENGTH,
        help_text=_("Only for a change of how we work here."),
        widget=_textarea(),
    )
    setting = forms.ChoiceField(
        label=_("The setting and its new value"),
        required=False,
        choices=SETTING_CHOICES,
        help_text=_("Only for a change of a community setting."),
    )
    threshold = forms.IntegerField(
        label=_("Trust needed to be a steward"), required=False, min_value=1, max_value=MAX_TRUST_THRESHOLD
    )
    member = forms.TypedChoiceField(
        label=_("The member to remove"), required=False, coerce=int, empty_value=None, choices=[]
    )
    window_hours = forms.TypedChoiceField(
        label=_("Open for responses for"), choices=WINDOWS, coerce=int, initial=services.DEFAULT_WINDOW_HOURS
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        member_field: forms.TypedChoiceField = self.fields["member"]  # type: ignore[assignment]
        member_field.choices = [("", _("Choose…")), *((m.pk, m.display_name) for m in members)]

    def change(self) -> dict:
        """The exact change, for the service to check against the community."""
        data = self.cleaned_data
        setting, _colon, value = (data.get("setting") or "").partition(":")
        return {
            ProposalKind.NORMS: {"norms": data.get("norms") or ""},
            ProposalKind.SETTING: {
                "setting": setting,
                "value": data.get("threshold") if setting == "trust_threshold" else value,
            },
            ProposalKind.REMOVAL: {"member": data.get("member")},
        }.get(data["kind"], {})


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your response"), choices=ResponseKind.choices, widget=forms.RadioSelect)
    reason = PlainTextField(
        label=_("Why (needed for a concern or an objection)"),
        required=False,
        max_length=services.REASON_MAX_LENGTH,
        widget=_textarea(rows=3),
    )


class AmendForm(forms.Form):
    text = PlainTextField(label=_("The changed proposal"), max_length=services.TEXT_MAX_LENGTH, widget=_textarea())
