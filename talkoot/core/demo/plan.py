"""Plan a demo community in memory: who lives where, speaks what, can do what, joined when.

Planning is pure (no database) and depends only on (members, seed, now): one `random.Random(seed)`
drives every choice, so a seed always gives the same people, skills, availability and
memberships, and `generator.py` only has to write the plan. Later generators (actions, tasks,
contributions) extend the plan the same way.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from talkoot.core.demo import content, names
from talkoot.core.demo.personas import FIXED_PERSONAS, DemoPersona
from talkoot.members.availability import SLOTS, mask_from_slots
from talkoot.members.skills import CURATED_SKILLS

MIN_MEMBERS = 20
COMMUNITIES = {"kallio": content.KALLIO, "vuosaari": content.VUOSAARI}
FOUNDED_DAYS_AGO = {"kallio": 370, "vuosaari": 210}
FOUNDING_MEMBERS = {"kallio": 3, "vuosaari": 2}  # besides the founder, on the first day

YOUNG_SHARE = 0.2
VUOSAARI_SHARE = 0.25
SWEDISH_SHARE = 0.07


@dataclass
class PersonPlan:
    email: str
    display_name: str
    age: int
    young: bool
    neighbourhood: str
    language: str
    text_size: str
    bio: str
    skills: tuple[str, ...]  # curated slugs and free-tag slugs
    availability: int
    postal_code: str
    latitude: Decimal
    longitude: Decimal
    high_contrast: bool = False
    reduced_motion: bool = False
    away_days: int | None = None  # away for this many days from today
    registered_at: datetime | None = None
    confirmed_at: datetime | None = None


@dataclass
class MembershipPlan:
    community: str
    person: int  # index into DemoPlan.people
    joined_at: datetime
    left_at: datetime | None = None
    # Admission by application: who decided, when the application came, what it said.
    admitted_by: int | None = None
    applied_at: datetime | None = None
    answers: list[dict] = field(default_factory=list)
    decision_message: str = ""


@dataclass
class PendingApplicationPlan:
    community: str
    person: int
    applied_at: datetime
    answers: list[dict]


@dataclass
class CommunityPlan:
    key: str
    founder: int
    created_at: datetime


@dataclass
class DemoPlan:
    seed: int
    today: date
    people: list[PersonPlan]
    communities: list[CommunityPlan]
    memberships: list[MembershipPlan]
    pending: list[PendingApplicationPlan]


def tag_slug(tag: str) -> str:
    """The slug a free tag gets when a member types it in the profile: letters kept, "mölkky" stays."""
    return slugify(tag, allow_unicode=True)


# Free tags by slug, with the name as members typed it.
FREE_TAGS = {
    tag_slug(tag): tag
    for tag in (*content.FREE_TAGS_ELDER, *content.FREE_TAGS_YOUNG, *(s for p in FIXED_PERSONAS for s in p.skills))
    if tag not in CURATED_SKILLS
}
_FIXED_NAMES = {persona.display_name for persona in FIXED_PERSONAS}


def plan_demo(*, members: int, seed: int, now: datetime) -> DemoPlan:
    """Plan `members` people (the fixed personas included) in two communities."""
    if members < MIN_MEMBERS:
        raise ValueError(f"A believable demo needs at least {MIN_MEMBERS} members.")
    rng = random.Random(seed)  # noqa: S311 - demo data must be reproducible, not secret
    clock = _Clock(timezone.localdate(now))
    people = [_fixed_person(persona) for persona in FIXED_PERSONAS]
    people += [_generated_person(rng, index) for index in range(len(people), members)]

    communities = [CommunityPlan(key, _founder(key), clock.at(FOUNDED_DAYS_AGO[key], 10 * 60)) for key in COMMUNITIES]
    memberships, pending = _plan_memberships(rng, clock, people, communities)
    _plan_registration(rng, clock, people, communities, memberships, pending)
    return DemoPlan(seed, clock.today, people, communities, memberships, pending)


class _Clock:
    """Local wall-clock times counted back from today, so nothing lands in the future."""

    def __init__(self, today: date):
        self.today = today

    def at(self, days_ago: int, minute_of_day: int) -> datetime:
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60)))

    def daytime(self, rng: random.Random, days_ago: int) -> datetime:
        return self.at(days_ago, rng.randint(8 * 60, 21 * 60))


def _founder(key: str) -> int:
    return next(index for index, persona in enumerate(FIXED_PERSONAS) if persona.founds == key)


def _fixed_person(persona: DemoPersona) -> PersonPlan:
    latitude, longitude = COMMUNITIES[persona.neighbourhood]["centre"]
    return PersonPlan(
        email=persona.email,
        display_name=persona.display_name,
        age=persona.age,
        young=persona.age < 60,
        neighbourhood=persona.neighbourhood,
        language=persona.language,
        text_size=persona.text_size,
        bio=persona.bio,
        skills=tuple(tag_slug(skill) for skill in persona.skills),
        availability=mask_from_slots(persona.availability),
        postal_code=COMMUNITIES[persona.neighbourhood]["postal_codes"][0],
        latitude=Decimal(str(latitude)),
        longitude=Decimal(str(longitude)),
    )


def _generated_person(rng: random.Random, index: int) -> PersonPlan:
    young = rng.random() < YOUNG_SHARE
    neighbourhood = "vuosaari" if rng.random() < VUOSAARI_SHARE else "kallio"
    swedish = rng.random() < SWEDISH_SHARE
    woman = rng.random() < (0.5 if young else 0.58)  # women outlive men
    first_names = {
        (False, True, False): names.ELDER_WOMEN_FI,
        (False, True, True): names.ELDER_WOMEN_SV,
        (False, False, False): names.ELDER_MEN_FI,
        (False, False, True): names.ELDER_MEN_SV,
        (True, True, False): names.YOUNG_WOMEN_FI,
        (True, True, True): names.YOUNG_WOMEN_SV,
        (True, False, False): names.YOUNG_MEN_FI,
        (True, False, True): names.YOUNG_MEN_SV,
    }[(young, woman, swedish)]
    first = rng.choice(first_names)
    swedish_surname = rng.random() < (0.85 if swedish else 0.08)
    last = rng.choice(names.SURNAMES_SV if swedish_surname else names.SURNAMES_FI)
    while f"{first} {last}" in _FIXED_NAMES:  # one Aino Virtanen in the demo is enough
        last = rng.choice(names.SURNAMES_FI)

    if young:
        student = rng.random() < 0.45
        age = rng.randint(19, 29) if student else rng.randint(26, 55)
        language = "en" if rng.random() < 0.25 else "fi"
        text_size = "large" if rng.random() < 0.05 else "normal"
    else:
        student = False
        age = int(rng.triangular(60, 96, 74))
        language = "en" if rng.random() < 0.08 else "fi"
        sizes = [0.2, 0.4, 0.4] if age >= 85 else [0.45, 0.35, 0.2]
        text_size = rng.choices(["normal", "large", "extra_large"], weights=sizes)[0]
    bio_language = "sv" if swedish and rng.random() < 0.5 else language

    area = COMMUNITIES[neighbourhood]
    latitude, longitude = area["centre"]
    return PersonPlan(
        email=f"{_ascii(first)}.{_ascii(last)}.{index}@example.org",
        display_name=f"{first} {last}",
        age=age,
        young=young,
        neighbourhood=neighbourhood,
        language=language,
        text_size=text_size,
        bio=_bio(rng, age=age, young=young, student=student, language=bio_language),
        skills=_skills(rng, young=young),
        availability=_availability(rng, young=young),
        postal_code=rng.choice(area["postal_codes"]),
        latitude=_coarse(latitude + rng.uniform(-0.015, 0.015)),
        longitude=_coarse(longitude + rng.uniform(-0.03, 0.03)),
        high_contrast=not young and rng.random() < 0.08,
        reduced_motion=rng.random() < (0.05 if young else 0.1),
        away_days=rng.randint(3, 45) if rng.random() < 0.05 else None,
    )


def _ascii(name: str) -> str:
    """ "Björn" -> "bjorn", "Åberg" -> "aberg": e-mail local parts stay plain ASCII."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _coarse(degrees: float) -> Decimal:
    return Decimal(f"{degrees:.2f}")


_LANGUAGE_INDEX = {"fi": 0, "en": 1, "sv": 2}
_ELDER_OPENINGS = {
    "fi": ["Eläkkeellä oleva {occ}, {age}.", "Entinen {occ}, nyt {age}-vuotias eläkeläinen."],
    "en": ["Retired {occ}, {age}.", "I'm {age} and worked for years as {a} {occ}."],
    "sv": ["Pensionerad {occ}, {age} år.", "Jag är {age} år och har jobbat som {occ}."],
}


def _bio(rng: random.Random, *, age: int, young: bool, student: bool, language: str) -> str:
    if rng.random() < 0.1:
        return ""  # some people never fill it in
    pick = _LANGUAGE_INDEX[language]
    if young:
        occupation = rng.choice(content.OCCUPATIONS_STUDENT if student else content.OCCUPATIONS_WORKING)[pick]
        sentences = [f"{occupation[0].upper()}{occupation[1:]}, {age}."]
        sentences += [s[pick] for s in rng.sample(content.SENTENCES_YOUNG, rng.randint(1, 2))]
        return " ".join(sentences)
    occupation = rng.choice(content.OCCUPATIONS_ELDER)[pick]
    article = "an" if occupation[0] in "aeiou" else "a"
    sentences = [rng.choice(_ELDER_OPENINGS[language]).format(occ=occupation, age=age, a=article)]
    if rng.random() < 0.8:
        sentences.append(rng.choice(content.LIKES_ELDER)[pick])
    if rng.random() < 0.7:
        sentences.append(rng.choice(content.NEEDS_ELDER if rng.random() < 0.5 else content.OFFERS_ELDER)[pick])
    return " ".join(sentences)


def _skills(rng: random.Random, *, young: bool) -> tuple[str, ...]:
    weights = dict(content.SKILL_WEIGHTS_YOUNG if young else content.SKILL_WEIGHTS_ELDER)
    chosen = []
    for _ in range(rng.choice([1, 2, 2, 3, 3, 3, 4, 5])):
        slug = rng.choices(list(weights), weights=list(weights.values()))[0]
        chosen.append(slug)
        del weights[slug]
    if rng.random() < 0.15:
        chosen.append(tag_slug(rng.choice(content.FREE_TAGS_YOUNG if young else content.FREE_TAGS_ELDER)))
    return tuple(chosen)


# Chance of being free per part of the day: (morning, afternoon, evening), weekdays then weekend.
_FREE_ELDER = ((0.6, 0.5, 0.05), (0.15, 0.15, 0.02))
_FREE_YOUNG = ((0.03, 0.1, 0.55), (0.3, 0.5, 0.3))


def _availability(rng: random.Random, *, young: bool) -> int:
    if rng.random() < 0.05:
        return 0  # not filled in yet
    weekday_chances, weekend_chances = _FREE_YOUNG if young else _FREE_ELDER
    slots = []
    for slot in SLOTS:
        day, part = slot.split("-")
        chances = weekend_chances if day in ("sat", "sun") else weekday_chances
        if rng.random() < chances[("morning", "afternoon", "evening").index(part)]:
            slots.append(slot)
    return mask_from_slots(slots)


def _answers(rng: random.Random, community: str, language: str) -> list[dict]:
    questions = COMMUNITIES[community]["questions"]
    replies = content.APPLICATION_ANSWERS.get(language, content.APPLICATION_ANSWERS["fi"])
    return [
        {"question": question, "answer": rng.choice(choices)}
        for question, choices in zip(questions, replies, strict=True)
    ]


def _plan_memberships(
    rng: random.Random, clock: _Clock, people: list[PersonPlan], communities: list[CommunityPlan]
) -> tuple[list[MembershipPlan], list[PendingApplicationPlan]]:
    """Everybody's community life: founders, joins spread over the year, leavers and pending applicants."""
    fixed = len(FIXED_PERSONAS)
    generated = range(fixed, len(people))
    at_home = {key: [i for i in generated if people[i].neighbourhood == key] for key in COMMUNITIES}
    # A few people belong to both: Vuosaari people with ties to Kallio, Kallio students who help out east.
    east = at_home["vuosaari"]
    both_from_vuosaari = set(rng.sample(east, min(len(east), max(2, len(east) // 8))))
    young_in_kallio = [i for i in at_home["kallio"] if people[i].young]
    wanted = max(len(young_in_kallio) // 12, 2 - len(both_from_vuosaari))  # a small demo still shows some
    both_from_kallio = set(rng.sample(young_in_kallio, min(len(young_in_kallio), wanted)))
    in_both = both_from_vuosaari | both_from_kallio
    # Signed up, but not in any community yet, or waiting for an answer from Kallio.
    undecided = {i for i in generated if rng.random() < 0.03 and i not in in_both}
    kallio_candidates = [i for i in at_home["kallio"] if i not in undecided and i not in in_both]
    applicants = set(rng.sample(kallio_candidates, min(len(kallio_candidates), max(2, len(people) // 100))))

    joiners = {
        "kallio": [i for i in kallio_candidates if i not in applicants] + sorted(in_both),
        "vuosaari": [i for i in east if i not in undecided] + sorted(both_from_kallio),
    }
    memberships: list[MembershipPlan] = []
    for community in communities:
        memberships += _plan_community(rng, clock, people, community, sorted(joiners[community.key]), in_both)

    pending = []
    for index, persona in enumerate(FIXED_PERSONAS):
        if persona.applies_to:
            key, days_ago = persona.applies_to
            when = clock.at(days_ago, 14 * 60 + 35)
            pending.append(PendingApplicationPlan(key, index, when, _answers(rng, key, persona.language)))
    for index in sorted(applicants):
        when = clock.daytime(rng, rng.randint(1, 10))
        pending.append(PendingApplicationPlan("kallio", index, when, _answers(rng, "kallio", people[index].language)))
    return memberships, pending


def _plan_community(
    rng: random.Random,
    clock: _Clock,
    people: list[PersonPlan],
    community: CommunityPlan,
    joiners: list[int],
    in_both: set[int],
) -> list[MembershipPlan]:
    key = community.key
    span = FOUNDED_DAYS_AGO[key]
    founded = community.created_at
    fixed_days = {
        index: days for index, persona in enumerate(FIXED_PERSONAS) for joined, days in persona.joins if joined == key
    }
    elders = [i for i in joiners if not people[i].young and i not in fixed_days]
    founding = rng.sample(elders, min(len(elders), FOUNDING_MEMBERS[key]))

    plans = [MembershipPlan(key, community.founder, founded)]
    plans += [MembershipPlan(key, i, founded + timedelta(minutes=rng.randint(30, 480))) for i in founding]
    for i in [*fixed_days, *(i for i in joiners if i not in founding)]:
        # Skewed towards recent months: word of mouth grows.
        days_ago = fixed_days.get(i) or 1 + int((span - 2) * rng.random() ** 1.3)
        plans.append(MembershipPlan(key, i, clock.daytime(rng, days_ago)))
    plans.sort(key=lambda plan: plan.joined_at)

    by_application = bool(COMMUNITIES[key]["questions"])
    admitted: list[int] = []
    for position, plan in enumerate(plans):
        is_founding = position <= len(founding)
        if by_application and not is_founding:
            plan.applied_at = max(plan.joined_at - timedelta(hours=rng.randint(3, 120)), founded + timedelta(hours=1))
            # Most newcomers are welcomed by the founder; others by whoever was there before them.
            plan.admitted_by = community.founder if rng.random() < 0.5 else rng.choice(admitted)
            plan.answers = _answers(rng, key, people[plan.person].language)
            if rng.random() < 0.5:
                english = people[plan.person].language == "en"
                plan.decision_message = "Welcome aboard!" if english else "Tervetuloa mukaan!"
        # About one in 25 moves away or stops; the demo people and the bridges between communities stay.
        keep = plan.person in fixed_days or plan.person in in_both or plan.person == community.founder
        stays = keep or rng.random() >= 0.04
        lived = (clock.today - timezone.localdate(plan.joined_at)).days
        if not stays and lived > 10:
            plan.left_at = clock.daytime(rng, rng.randint(1, lived - 2))
        else:
            admitted.append(plan.person)
    return plans


def _plan_registration(
    rng: random.Random,
    clock: _Clock,
    people: list[PersonPlan],
    communities: list[CommunityPlan],
    memberships: list[MembershipPlan],
    pending: list[PendingApplicationPlan],
) -> None:
    """Each person signed up (and confirmed the e-mail) shortly before they first joined or applied."""
    first_step: dict[int, datetime] = {}
    events = [(c.founder, c.created_at) for c in communities]
    events += [(m.person, m.applied_at or m.joined_at) for m in memberships]
    events += [(p.person, p.applied_at) for p in pending]
    for person, when in events:
        first_step[person] = min(when, first_step.get(person, when))
    for index, planned in enumerate(people):
        step = first_step.get(index) or clock.daytime(rng, rng.randint(1, 60)) + timedelta(hours=2)
        registered_at = step - timedelta(days=rng.randint(0, 3), minutes=rng.randint(60, 600))
        planned.registered_at = registered_at
        planned.confirmed_at = registered_at + timedelta(minutes=rng.randint(2, 45))
