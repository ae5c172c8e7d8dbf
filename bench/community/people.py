"""Members (with skills and availability), the three communities and their memberships."""

import json
from datetime import timedelta

from django.contrib.auth.hashers import make_password

from bench.community.base import COMMUNITY_SLUG, FIRST, KINDS, LAST, MUNICIPALITIES, VIEWER_ID, GeneratorBase, Pool
from talkoot.communities.models import Community, Membership
from talkoot.members.availability import ALL_SLOTS_MASK
from talkoot.members.models import Member, Skill


class People(GeneratorBase):
    def members(self) -> None:
        rng, count = self.rng, self.size["members"]
        skill_ids = self.skill_ids
        password = make_password(None)  # unusable: the benchmark logs in with force_login
        rows, self.deleted = [], set()
        for member_id in range(1, count + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            municipality, prefix, lat, lon, _weight = rng.choices(MUNICIPALITIES, [m[4] for m in MUNICIPALITIES])[0]
            if member_id == VIEWER_ID:
                first, last, municipality, prefix, lat, lon = "Aino", "Virtanen", "Helsinki", "00", 60.19, 24.95
            joined = self.days_ago(30, 1200)
            deleted = member_id != VIEWER_ID and rng.random() < 0.01
            if deleted:
                self.deleted.add(member_id)
            ascii_name = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
            if member_id == VIEWER_ID:
                availability = 0b011_011_011_011_011  # weekday mornings and afternoons
            elif rng.random() < 0.6:
                availability = sum(1 << bit for bit in rng.sample(range(21), rng.randint(3, 10)))
            else:
                availability = 0
            rows.append(
                (
                    member_id,
                    password,
                    f"deleted-{member_id}@example.invalid" if deleted else f"{ascii_name}.{member_id}@example.invalid",
                    "" if deleted else f"{first} {last}",
                    joined,
                    "en" if member_id == VIEWER_ID or rng.random() < 0.4 else "fi",
                    municipality,
                    "00530" if member_id == VIEWER_ID else f"{prefix}{rng.randrange(10, 99)}0",
                    f"{lat + rng.uniform(-0.03, 0.03):.2f}",
                    f"{lon + rng.uniform(-0.05, 0.05):.2f}",
                    availability & ALL_SLOTS_MASK,
                    "" if rng.random() < 0.7 else "Retired nurse, happy to help with small things.",
                    (self.now + timedelta(days=rng.randint(1, 20))).date() if rng.random() < 0.02 else None,
                    not deleted,
                    joined,
                    self.days_ago(1, 30) if deleted else None,
                )
            )
        columns = ["id", "password", "email", "display_name", "email_confirmed_at", "language", "municipality"]
        columns += ["postal_code", "latitude", "longitude", "availability", "bio", "away_until", "is_active"]
        self.load(Member, [*columns, "date_joined", "deleted_at"], rows)
        self.joined = {row[0]: row[4] for row in rows}
        # A few people do most of the work: weights fall with a random rank (Zipf-like).
        ranks = list(range(1, count + 1))
        rng.shuffle(ranks)
        self.weight = {member_id: 1 / rank**0.9 for member_id, rank in zip(range(1, count + 1), ranks, strict=True)}
        self.weight[VIEWER_ID] = 1 / 3**0.9
        curated = [skill_ids[slug] for _category, slug, _titles in KINDS if slug in skill_ids]
        free = list(range(max(skill_ids.values()) + 1, max(skill_ids.values()) + 41))
        self.load(Skill, ["id", "slug", "name", "is_curated"], [(i, f"tag-{i}", f"tag {i}", False) for i in free])
        member_skills = []
        for member_id in range(1, count + 1):
            if member_id == VIEWER_ID:
                chosen = [skill_ids[s] for s in ("driving", "cooking", "computers", "company") if s in skill_ids]
            elif rng.random() < 0.7:
                chosen = rng.sample(curated, rng.randint(1, 4)) + ([rng.choice(free)] if rng.random() < 0.1 else [])
            else:
                chosen = []
            member_skills += [(self.next_id("member_skill"), member_id, skill) for skill in chosen]
        self.load(Member.skills.through, ["id", "member_id", "skill_id"], member_skills)

    def communities(self) -> None:
        rng, count = self.rng, self.size["members"]
        founded = self.now - timedelta(days=1300)
        questions = json.dumps(["Where do you live?", "What would you like to do with us?"])
        description = "Neighbours in Kallio helping each other, above all our older neighbours. " * 3
        rows = [
            (1, "Kallio cares", COMMUNITY_SLUG, description, "Ask, offer, say thanks.", "Helsinki", "public", "open"),
            (2, "Vallila neighbours", "vallila-neighbours", description, "", "Helsinki", "public", "application"),
            (3, "Stairwell B", "stairwell-b", "Our own building.", "", "Helsinki", "private", "application"),
        ]
        self.load(
            Community,
            ["id", "name", "slug", "description", "norms", "municipality", "visibility", "join_policy"]
            + ["application_questions", "created_by_id", "created_at", "updated_at"],
            [(*row, questions if row[7] == "application" else "[]", 2, founded, founded) for row in rows],
        )
        everyone = list(range(1, count + 1))
        second = {VIEWER_ID, *rng.sample(everyone, count // 10)}
        third = set(rng.sample(everyone[1:], max(10, count // 30)))
        self.member_lists = {1: everyone, 2: sorted(second), 3: sorted(third)}
        memberships, self.left, self.memberships = [], set(), []
        for community, member_ids in self.member_lists.items():
            for member_id in member_ids:
                joined = max(self.joined[member_id], founded) + timedelta(hours=rng.randint(1, 200))
                joined = min(joined, self.now - timedelta(hours=1))
                left = None
                if member_id in self.deleted or (member_id != VIEWER_ID and rng.random() < 0.04):
                    left = self.between(joined, self.now)
                    self.left.add((community, member_id))
                memberships.append((self.next_id("membership"), community, member_id, joined, left, joined, joined))
        self.memberships = memberships
        self.load(
            Membership,
            ["id", "community_id", "member_id", "joined_at", "left_at", "created_at", "updated_at"],
            memberships,
        )
        self.pools = {}  # community -> (everybody who ever belonged, active members now)
        for community, member_ids in self.member_lists.items():
            now_ids = [m for m in member_ids if (community, m) not in self.left]
            self.pools[community] = (
                Pool(rng, member_ids, [self.weight[m] for m in member_ids]),
                Pool(rng, now_ids, [self.weight[m] for m in now_ids]),
            )
