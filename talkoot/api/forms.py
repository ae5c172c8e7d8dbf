from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from talkoot.api.models import Scope
from talkoot.api.services import EXPIRY_DAYS
from talkoot.core.forms import TEXT_ATTRS
from talkoot.core.once import OnceField


def _expiry_choices():
    later = [(str(n), ngettext("In %(days)d day", "In %(days)d days", n) % {"days": n}) for n in EXPIRY_DAYS]
    return [("", _("Never (until I revoke it)")), *later]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What will use it, such as “my tablet” or “our website”."),
        widget=forms.TextInput(attrs=TEXT_ATTRS),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Stops working"), choices=_expiry_choices, coerce=int, empty_value=None, required=False, initial="90"
    )
    once = OnceField()
