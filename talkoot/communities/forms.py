"""Forms parse and explain; the rules themselves live in services.py."""

import datetime
import hashlib
import json

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from talkoot.communities import services
from talkoot.communities.models import Community, JoinPolicy, Visibility
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import TEXT_ATTRS as _TEXT_ATTRS
from talkoot.core.forms import PlainTextField
from talkoot.core.forms import textarea as _textarea


class CommunityForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=services.NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs=_TEXT_ATTRS),
    )
    description = PlainTextField(
        label=_("Description"),
        required=False,
        max_length=services.DESCRIPTION_MAX_LENGTH,
        help_text=_("What the community is for and who it is for. Plain text; line breaks are kept."),
        widget=_textarea(),
    )
    norms = PlainTextField(
        label=_("How we work here"),
        required=False,
        max_length=services.NORMS_MAX_LENGTH,
        help_text=_("The few things everyone should know, for example how you meet and how you ask for help."),
        widget=_textarea(),
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=services.MUNICIPALITY_MAX_LENGTH,
        widget=forms.TextInput(attrs={**_TEXT_ATTRS, "autocomplete": "address-level2"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see the community"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        help_text=_(
            "A public community is listed in the directory and anyone can read it. A private community is "
            "hidden: only its members see it, and new members join by invitation."
        ),
        widget=forms.RadioSelect,
    )
    join_policy = forms.ChoiceField(
        label=_("Who can join"),
        choices=JoinPolicy.choices,
        initial=JoinPolicy.OPEN,
        widget=forms.RadioSelect,
    )
    application_questions = PlainTextField(
        label=_("Questions to people who apply"),
        required=False,
        # Five questions of the longest length, with their line breaks.
        max_length=services.MAX_QUESTIONS * (services.MAX_QUESTION_LENGTH + 1),
        help_text=_("Only when people join by application. Up to five questions, one per line."),
        widget=_textarea(rows=5),
    )

    def clean_application_questions(self) -> list[str]:
        try:
            return services.clean_questions(self.cleaned_data["application_questions"])
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None

    @staticmethod
    def initial_for(community: Community) -> dict:
        return {
            "name": community.name,
            "description": community.description,
            "norms": community.norms,
            "municipality": community.municipality,
            "visibility": community.visibility,
            "join_policy": community.join_policy,
            "application_questions": "\n".join(community.application_questions),
        }


class CommunityEditForm(CommunityForm):
    # When the community was last changed as this form showed it: guards against overwriting
    # someone else's edit made in between.
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, by_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_consent = by_consent
        if by_consent:  # shown as they are; a disabled field keeps its initial value
            for name in services.RULE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("This changes by consent: make a proposal to change it.")

    def clean_seen_updated_at(self) -> datetime.datetime | None:
        value = self.cleaned_data["seen_updated_at"]
        try:
            return datetime.datetime.fromisoformat(value) if value else None
        except ValueError:
            return None


def questions_version(questions: list[str]) -> str:
    return hashlib.sha256(json.dumps(questions).encode()).hexdigest()[:16]


class ApplicationForm(forms.Form):
    """One answer field per question of the community; labels are the questions themselves."""

    questions_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(community.application_questions)
        self.stale = False
        self.fields["questions_version"].initial = questions_version(self.questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = PlainTextField(
                label=question,
                max_length=services.MAX_ANSWER_LENGTH,
                widget=_textarea(rows=4),
            )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("questions_version") != questions_version(self.questions):
            self.stale = True
            raise forms.ValidationError(
                _("The questions changed while you were answering. Please read them again before you send.")
            )
        return cleaned

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{index}"] for index in range(len(self.questions))]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        error_messages={"required": _("Please choose to accept or to decline.")},
    )
    message = PlainTextField(
        label=_("Message to the applicant (optional)"),
        required=False,
        max_length=services.DECISION_MESSAGE_MAX_LENGTH,
        widget=_textarea(rows=3),
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name contains"),
        required=False,
        max_length=services.NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", **_TEXT_ATTRS}),
    )
    # A list to choose from: no typing mistakes, no ä-versus-Ä surprises. Not a ChoiceField,
    # so a bookmarked search for a municipality that has no communities any more still works.
    # The length is checked by a validator because `max_length` would put a maxlength
    # attribute on the <select>, where it is not valid HTML.
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        validators=[MaxLengthValidator(services.MUNICIPALITY_MAX_LENGTH)],
        widget=forms.Select,
    )

    def __init__(self, *args, municipalities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Any municipality")), *((name, name) for name in municipalities)]
        chosen = self.data.get("municipality", "") if self.is_bound else ""
        if chosen and chosen not in municipalities:
            choices.append((chosen, chosen))  # a bookmarked search keeps showing what it asks for
        self.fields["municipality"].widget.choices = choices

    def search(self) -> tuple[str, str]:
        """(query, municipality) to search for; an invalid form (too long) searches for nothing."""
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["q"].strip(), self.cleaned_data["municipality"].strip()
