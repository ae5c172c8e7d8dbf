"""Access-matrix rows of the proposals router (talkoot/api/tests/harness.py)."""

from talkoot.api.tests.harness import Case
from talkoot.proposals.services import proposal_create

BASE = "/communities/kallio-seniors/proposals"


def _by(person_of):
    def setup(world):
        return proposal_create(
            author=person_of(world), community=world.community, kind="general", text="Meet on Tuesdays."
        )

    return setup


by_steward = _by(lambda world: world.steward)
by_member = _by(lambda world: world.member)

CASES = [
    Case("proposals_list", "GET", BASE),
    Case("proposal_create", "POST", BASE, body={"kind": "general", "text": "Meet weekly."}, member=201),
    Case("proposal_detail", "GET", lambda p: f"{BASE}/{p.pk}", setup=by_steward),
    Case("proposal_respond", "POST", lambda p: f"{BASE}/{p.pk}/responses", body={"kind": "consent"}, setup=by_steward),
    Case("proposal_amend", "POST", lambda p: f"{BASE}/{p.pk}/amend", body={"text": "On Mondays."}, setup=by_member),
    Case(
        "proposal_amend",
        "POST",
        lambda p: f"{BASE}/{p.pk}/amend",
        body={"text": "Meet on Mondays."},
        setup=by_steward,
        member=403,
        note="not the author",
    ),
    Case("proposal_withdraw", "POST", lambda p: f"{BASE}/{p.pk}/withdraw", setup=by_member),
    Case(
        "proposal_withdraw",
        "POST",
        lambda p: f"{BASE}/{p.pk}/withdraw",
        setup=by_steward,
        member=403,
        note="not the author",
    ),
]
