"""What a record of help says to the person looking, worked out once per record in Python.

The one partial (`contributions/includes/contribution.html`) shows records on the action page,
the community page, a member's story and the edit pages. Its dates, plural forms, names and
links, said in template tags, cost more than the queries behind them; here a record costs a few
dozen microseconds and the template only places the words. The words are the msgids the
template used, so the catalogues are unchanged.

Notes, the names of the people helped and thanks messages are for members of the community (and
the contributor); others see who gave, how long, what kind and when.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from talkoot.contributions.models import Contribution
from talkoot.contributions.templatetags.ledger import category_label, duration_label
from talkoot.core.dates import iso, long_date
from talkoot.core.links import IdUrl


@dataclass(frozen=True, slots=True)
class ThanksLine:
    name: str
    message: str
    by_companion: str = ""


@dataclass(frozen=True, slots=True)
class ContributionCard:
    contribution: Contribution
    giver: str
    story_url: str  # "" when the giver has no story page to link to
    kind: str
    duration: str
    happened_iso: str
    happened_on: str
    for_whom: SafeString
    note: str  # "" when there is none, or it is not for this viewer
    thanked_times: str  # "" when nobody has thanked yet
    thanks: tuple[ThanksLine, ...]  # who thanked and what they said: for members only
    thanks_url: str  # "" unless this viewer may thank
    thank_label: SafeString
    thanked_label: SafeString  # "" unless this viewer thanked already
    edit_url: str  # "" unless this viewer may still change it
    withdraw_url: str
    back_url: str


def _bdi(text: str) -> str:
    return f"<bdi>{escape(text)}</bdi>"


def _for_whom(contribution: Contribution, *, details: bool) -> SafeString:
    beneficiaries = contribution.people  # type: ignore[attr-defined]
    if not beneficiaries:
        return mark_safe(escape(gettext("To the commons — the whole community")))  # noqa: S308
    if not details:
        count = len(beneficiaries)
        return mark_safe(escape(ngettext("One person", "%(counter)s people", count) % {"counter": count}))  # noqa: S308
    names = []
    for beneficiary in beneficiaries:
        if beneficiary.member_id is not None:
            names.append(_bdi(beneficiary.display_name or gettext("a former member")))
        else:
            names.append(gettext("<bdi>%(name)s</bdi> (not on talkoot)") % {"name": escape(beneficiary.name)})
    return mark_safe(", ".join(names))  # noqa: S308


class CardMaker:
    """Cards for records of one community, for one viewer; `back_url` is where their links and
    forms come back to. Records come from a contributions selector (annotated with
    `thanks_count`, `thanked_by_viewer`, `viewer_is_member`, `viewer_may_thank`, `viewer_may_edit`
    and `contributor_has_story`, with the contributor, `people` and `thanks_given`)."""

    def __init__(self, viewer, community_slug: str, back_url: str, *, with_changes: bool = True) -> None:
        self.viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
        self.back_url = back_url
        self.with_changes = with_changes
        self._story = IdUrl("contributions:story", community_slug)
        self._thanks = IdUrl("contributions:thanks", community_slug)
        self._edit = IdUrl("contributions:edit", community_slug)
        self._withdraw = IdUrl("contributions:withdraw", community_slug)
        self._next = "?next=" + quote(back_url, safe="/")

    def __call__(self, contribution: Contribution) -> ContributionCard:
        giver_member = contribution.contributor
        giver = giver_member.display_name or gettext("A former member")
        details = bool(contribution.viewer_is_member)  # type: ignore[attr-defined]
        own = self.viewer_id is not None and contribution.contributor_id == self.viewer_id
        thanks_count = contribution.thanks_count  # type: ignore[attr-defined]
        may_thank = contribution.viewer_may_thank  # type: ignore[attr-defined]
        may_edit = self.with_changes and contribution.viewer_may_edit  # type: ignore[attr-defined]
        has_story = contribution.contributor_has_story and giver_member.is_active  # type: ignore[attr-defined]
        name = {"name": escape(giver)}
        return ContributionCard(
            contribution=contribution,
            giver=giver,
            story_url=self._story(contribution.contributor_id) if has_story else "",
            kind=category_label(contribution.category),
            duration=duration_label(contribution.minutes),
            happened_iso=iso(contribution.happened_at),
            happened_on=long_date(contribution.happened_at),
            for_whom=_for_whom(contribution, details=details or own),
            note=contribution.note if details or own else "",
            thanked_times=(
                ngettext("Thanked once", "Thanked %(counter)s times", thanks_count) % {"counter": thanks_count}
                if thanks_count
                else ""
            ),
            thanks=tuple(
                ThanksLine(one.display_name or gettext("A former member"), one.message, one.by_companion)
                for one in contribution.thanks_given  # type: ignore[attr-defined]
            )
            if details
            else (),
            thanks_url=self._thanks(contribution.pk) if may_thank else "",
            thank_label=mark_safe(gettext("Thank <bdi>%(name)s</bdi>") % name),  # noqa: S308
            thanked_label=(
                mark_safe(gettext("You thanked <bdi>%(name)s</bdi>") % name)  # noqa: S308
                if contribution.thanked_by_viewer  # type: ignore[attr-defined]
                else mark_safe("")
            ),
            edit_url=self._edit(contribution.pk) + self._next if may_edit else "",
            withdraw_url=self._withdraw(contribution.pk) + self._next if may_edit else "",
            back_url=self.back_url,
        )

    def all(self, contributions) -> list[ContributionCard]:
        return [self(contribution) for contribution in contributions]
