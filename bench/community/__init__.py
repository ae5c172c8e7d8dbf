"""A large community for the page benchmarks: members, actions, tasks, claims and a long ledger.

Seeded, plain distributions: a few members do most of the work (Zipf-like), most actions are
closed and the active ones carry many future tasks with skills, done claims become contributions
as `claim_mark_done` makes them, and every table is written in order of creation time so that rows
of one action lie as scattered on disk as they would after years of use.

One member is *the viewer* (whose pages are measured): skills, a postal code, weekly availability,
claims, contributions, a member of two communities. One action is *the bench action*: in the
deliver stage, 12 tasks, the viewer takes part, a ledger of about 60 + done claims.
"""

from bench.community.base import COMMUNITY_SLUG, MODELS, VIEWER_ID, fingerprint_source, sizes
from bench.community.ledger import Ledger
from bench.community.people import People
from bench.community.work import Work

__all__ = ["MODELS", "Generator", "fingerprint_source", "sizes"]


class Generator(People, Work, Ledger):
    """Loads the whole community through a sink (after `migrate`) and says what to measure."""

    def run(self, skill_ids: dict[str, int]) -> dict:
        self.skill_ids = skill_ids
        self.members()
        self.communities()
        self.actions()
        self.tasks()
        self.contributions()
        self.assessments()
        self.history()
        return {"community_slug": COMMUNITY_SLUG, "viewer_id": VIEWER_ID, "action_id": self.bench_action.id}
