"""The form a member fills in on their own device to pair a screen."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talkoot.communities.models import Membership
from talkoot.companions.models import Companionship
from talkoot.kiosk.models import ScreenKind


def whose_choices(member) -> list[tuple[str, str]]:
    """Whose screen it can be: the member's own (per community), someone they accompany, or a
    common room where they are a steward. Values are "me:<community>", "for:<member>:<community>",
    "room:<community>"."""
    memberships = list(Membership.objects.active().filter(member=member).select_related("community"))
    choices = [
        (f"me:{m.community_id}", _("My own screen, in %(community)s") % {"community": m.community.name})
        for m in memberships
    ]
    accompanied = Companionship.objects.standing().filter(companion=member).select_related("member", "community")
    choices += [
        (
            f"for:{link.member_id}:{link.community_id}",
            _("The screen of %(name)s, whom I accompany (%(community)s)")
            % {"name": link.member.display_name, "community": link.community.name},
        )
        for link in accompanied
    ]
    choices += [
        (f"room:{m.community_id}", _("The common room of %(community)s") % {"community": m.community.name})
        for m in memberships
        if m.is_steward
    ]
    return choices


class PairForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The code on the screen"),
        max_length=20,
        help_text=gettext_lazy("Six digits, such as 482 913."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    whose = forms.ChoiceField(label=gettext_lazy("Whose screen is it?"), widget=forms.RadioSelect)
    name = forms.CharField(
        label=gettext_lazy("Name of the screen"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("Optional, for example “TV in the living room”."),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        choices = whose_choices(member)
        whose = self.fields["whose"]
        assert isinstance(whose, forms.ChoiceField)  # noqa: S101 - declared above
        whose.choices = choices
        if choices:
            whose.initial = choices[0][0]

    def service_arguments(self) -> dict:
        from talkoot.communities.models import Community
        from talkoot.members.models import Member

        data = self.cleaned_data
        kind, *ids = data["whose"].split(":")
        community = Community.objects.get(pk=int(ids[-1]))
        arguments = {"code": data["code"], "community": community, "name": data["name"]}
        if kind == "room":
            return arguments | {"kind": ScreenKind.COMMON_ROOM}
        for_member = self.member if kind == "me" else Member.objects.get(pk=int(ids[0]))
        return arguments | {"kind": ScreenKind.PERSONAL, "for_member": for_member}
