"""The filters of the 'For you' page: a GET form that never fails the page.

A value that is not one of the choices (an old bookmark, a hand-edited address) shows an error
on its field and narrows nothing; the list still shows.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from talkoot.actions.ranking import FILTER_CATEGORIES, ForYouFilters, LengthChoice, WhenChoice
from talkoot.contributions.models import Category


class ForYouForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kind of help"),
        required=False,
        choices=[("", _("Any kind")), *((value, Category(value).label) for value in FILTER_CATEGORIES)],
    )
    when = forms.ChoiceField(
        label=_("When can you help?"),
        required=False,
        choices=[
            (WhenChoice.ANY, _("Any time")),
            (WhenChoice.TODAY, _("Today")),
            (WhenChoice.WEEK, _("In the next 7 days")),
        ],
        help_text=_("Tasks without a fixed time are always included."),
        widget=forms.RadioSelect,
    )
    length = forms.ChoiceField(
        label=_("How long?"),
        required=False,
        choices=[
            (LengthChoice.ANY, _("Any length")),
            (LengthChoice.SHORT, _("Up to 30 minutes")),
            (LengthChoice.MEDIUM, _("Up to 2 hours")),
            (LengthChoice.LONG, _("Longer than 2 hours")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # An address without some filter means "any": show that choice as chosen.
            data = data.copy()
            for name, value in (("when", WhenChoice.ANY), ("length", LengthChoice.ANY)):
                if not data.get(name):
                    data[name] = value
        super().__init__(data, **kwargs)

    def filters(self) -> ForYouFilters:
        """The filters to apply: each valid field counts, an invalid one is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ForYouFilters(
            category=data.get("category") or "",
            when=data.get("when") or WhenChoice.ANY,
            length=data.get("length") or LengthChoice.ANY,
        )

    @property
    def narrowed(self) -> bool:
        filters = self.filters()
        return bool(filters.category) or filters.when != WhenChoice.ANY or filters.length != LengthChoice.ANY
