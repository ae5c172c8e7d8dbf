"""Forms parse and explain; the rules themselves live in services.py."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from talkoot.core.models import max_length_of
from talkoot.members import selectors
from talkoot.members.availability import PARTS_OF_DAY, WEEKDAYS, slot_choices, slots_from_mask
from talkoot.members.models import Language, Member, TextSize
from talkoot.members.skills import MAX_FREE_SKILL_LENGTH, MAX_FREE_SKILLS, FreeSkillsError, parse_free_skills


def _password_help_text() -> str:
    return " ".join(str(text) for text in password_validation.password_validators_help_texts())


password_help_text = lazy(_password_help_text, str)


# --- Signing up and in --------------------------------------------------------------------------


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=max_length_of(Member, "display_name"),
        help_text=_("Other members see this name. Your first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to this address to confirm it. Other members never see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        help_text=password_help_text(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=4096,
        help_text=_("Type the same password again, so we know there is no typing mistake."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same. Please type them again."))
        elif password1:
            candidate = Member(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address you use to log in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        help_text=_("To be sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise ValidationError(_("That password is not right. Your account has not been deleted."))
        return password


# --- Profile ------------------------------------------------------------------------------------


class AvailabilityGridWidget(forms.CheckboxSelectMultiple):
    """Seven weekdays by three parts of the day, as a table of labelled checkboxes."""

    template_name = "members/widgets/availability_grid.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option for _group, group_options, _index in context["widget"]["optgroups"] for option in group_options
        ]
        per_day = len(PARTS_OF_DAY)
        context["widget"]["parts"] = [label for _part, label in PARTS_OF_DAY]
        context["widget"]["rows"] = [
            {"label": day_label, "options": options[index * per_day : (index + 1) * per_day]}
            for index, (_day, day_label) in enumerate(WEEKDAYS)
        ]
        return context


class CoordinateField(forms.DecimalField):
    """A coarse coordinate: accepts a decimal comma, rounds to two places (about one kilometre)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("\u2212", "-")
        if value in self.empty_values:
            return None
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if abs(number) > 1000:  # out of range anyway; the range validators say so
            return number
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _no_control_characters(value: str) -> None:
    if any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise ValidationError(_("Please remove the invisible control characters."), code="control")


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=max_length_of(Member, "display_name"),
        help_text=_("Other members see this name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[_no_control_characters],
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=max_length_of(Member, "municipality"),
        help_text=_("Other members see your municipality, so they know who lives nearby."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        validators=[_no_control_characters],
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=max_length_of(Member, "postal_code"),
        help_text=_("Digits only, such as 00530. Only you see it; it helps us suggest tasks near you."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        validators=[RegexValidator(r"^[0-9]*\Z", _("Please write the postal code with digits only, such as 00530."))],
    )
    latitude = CoordinateField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Only two decimals are kept, about one kilometre, never your exact home. Such as 60.17."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = CoordinateField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Only two decimals are kept. Such as 24.94."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    skills = forms.MultipleChoiceField(
        label=_("What I can help with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other members see your skills. Choose as many as you like."),
    )
    other_skills = forms.CharField(
        label=_("Other skills, separated by commas"),
        required=False,
        max_length=MAX_FREE_SKILLS * (MAX_FREE_SKILL_LENGTH + 2),
        help_text=format_lazy(
            _("For example: baking, Swedish, fixing bicycles. At most {count} skills of {length} characters."),
            count=MAX_FREE_SKILLS,
            length=MAX_FREE_SKILL_LENGTH,
        ),
        validators=[_no_control_characters],
    )
    availability = forms.MultipleChoiceField(
        label=_("When I can usually help"),
        required=False,
        choices=slot_choices,
        widget=AvailabilityGridWidget,
        help_text=_("Tick the times of the week that usually suit you. You can always say no to a task."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=max_length_of(Member, "phone"),
        help_text=_("Only you see your phone number, unless you choose below to show it to the members you accompany."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        validators=[
            RegexValidator(
                r"^[0-9+()\-. ]*\Z",
                _("Please use only digits, spaces and the signs + ( ) -, such as +358 40 123 4567."),
            )
        ],
    )
    phone_to_accompanied = forms.BooleanField(
        label=_("Show my phone number to the members I accompany"),
        required=False,
        help_text=_("They see it on their kiosk screen (TV or tablet), to call you. Nobody else sees it."),
    )
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=max_length_of(Member, "bio"),
        help_text=_("A few words about yourself, if you like. Other members of your communities may read it."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    away_until = forms.DateField(
        label=_("Away until"),
        required=False,
        help_text=_(
            "If you are travelling or resting, we will not suggest tasks until this day. "
            "Nothing is taken away from you while you are away."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = [
        "display_name",
        "municipality",
        "postal_code",
        "skills",
        "other_skills",
        "availability",
        "away_until",
        "bio",
        "phone",
        "phone_to_accompanied",
        "latitude",
        "longitude",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["skills"]).choices = selectors.curated_skill_choices()

    @classmethod
    def initial_for(cls, member: Member) -> dict:
        return {
            "display_name": member.display_name,
            "municipality": member.municipality,
            "postal_code": member.postal_code,
            "latitude": member.latitude,
            "longitude": member.longitude,
            "skills": selectors.member_curated_skill_slugs(member),
            "other_skills": ", ".join(selectors.member_free_skill_names(member)),
            "availability": slots_from_mask(member.availability),
            "phone": member.phone,
            "phone_to_accompanied": member.phone_to_accompanied,
            "bio": member.bio,
            "away_until": member.away_until,
        }

    def clean_other_skills(self):
        try:
            return parse_free_skills(self.cleaned_data["other_skills"])
        except FreeSkillsError as error:
            raise ValidationError(str(error)) from None

    def clean_away_until(self):
        away_until = self.cleaned_data["away_until"]
        if away_until is not None and away_until < timezone.localdate():
            raise ValidationError(_("Please choose a day from today on, or leave it empty."))
        return away_until


# --- Settings -----------------------------------------------------------------------------------


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, widget=forms.RadioSelect)
    text_size = forms.ChoiceField(
        label=_("Text size"),
        choices=TextSize.choices,
        widget=forms.RadioSelect,
        help_text=_("Larger text makes every page larger."),
    )
    high_contrast = forms.BooleanField(
        label=_("High contrast"), required=False, help_text=_("Light text on a black background.")
    )
    reduced_motion = forms.BooleanField(
        label=_("Reduce motion"), required=False, help_text=_("No animations or moving effects.")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times of tasks and gatherings are shown in this time zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = selectors.time_zone_choices()

    @classmethod
    def initial_for(cls, member: Member) -> dict:
        return {
            "language": member.language,
            "text_size": member.text_size,
            "high_contrast": member.high_contrast,
            "reduced_motion": member.reduced_motion,
            "time_zone": member.time_zone,
        }
