"""Everyday activity: weekly visits, "I need help" requests, the demo people's own needs, help outside actions.

Functions of the `Planner` in `activity.py`, split off to keep each module readable; they draw
from the same random generator, so their order in `Planner.community` is part of the seed.
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from talkoot.core.demo import activity_texts as texts
from talkoot.core.demo.activity_plans import (
    AINO,
    BJORN,
    EINO,
    SAARA,
    ActionPlan,
    BeneficiaryPlan,
    ContributionPlan,
    SeriesPlan,
    TaskPlan,
)
from talkoot.core.demo.personas import DEMO_LOGINS, FIXED_PERSONAS
from talkoot.members.availability import WEEKDAYS, slots_from_mask

if TYPE_CHECKING:
    from talkoot.core.demo.activity import Planner

SERIES_WEEKS_AHEAD = 4
CLOSED_BY_NOW = timedelta(days=35)  # a task this long ago had its action assessed and closed by now
_WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
# Tasks a demo person may be offered: everything that is for somebody, "I need help" included.
_OFFERABLE = (*texts.ACTIONS, *texts.NEED_HELP)
_OFFERABLE_TASKS = tuple((a, t) for a in _OFFERABLE if a.kind != "commons" for t in a.tasks)


# --- recurring visits ------------------------------------------------------------------------


def series_action(p: "Planner", index: int) -> None:
    rng, now = p.rng, p.now
    title, description, rrule, effort, slots, skills, category = texts.SERIES[index % len(texts.SERIES)]
    weekday = _WEEKDAY[rrule.rsplit("=", 1)[1]]
    # The demo logins who visit every week, for months already: Eino in Kallio, Björn in Vuosaari.
    visitor = {"kallio": EINO, "vuosaari": BJORN}.get(p.key) if index == 0 else None
    weeks_known = max(1, (now - p.earliest).days // 7 - 2)
    fewest = 20 if visitor is not None else 4
    first_day = timezone.localdate(now) - timedelta(weeks=rng.randint(min(fewest, weeks_known), min(30, weeks_known)))
    first_day += timedelta(days=(weekday - first_day.weekday()) % 7)
    first = p.local(first_day, 10)
    created = first - timedelta(days=rng.uniform(3, 10))
    starter = visitor if visitor is not None else p.helpers.pick(rng, created)
    if starter is None:
        return
    group = slots > 1
    template = texts.ActionText(
        "group" if group else "need", title, description, (), public_chance=0.3 if group else 0.0
    )
    action = p.new_action(template, starter, "deliver", created)
    action.beneficiaries = [b for b in action.beneficiaries if b.person != starter]
    if not action.beneficiaries:  # a visit is for somebody
        visited = p.elders.pick(rng, created, {starter})
        action.beneficiaries = [BeneficiaryPlan(visited)] if visited is not None else []
    lang = p.lang(starter)
    place = texts.HOME[lang] if not group else rng.choice(p.places)
    horizon = now + timedelta(weeks=SERIES_WEEKS_AHEAD)
    action.series.append(
        SeriesPlan(
            title=title[lang],
            description=description[lang],
            effort_minutes=effort,
            slots=slots,
            place=place,
            skills=skills,
            rrule=rrule,
            first_starts_at=first,
            generated_until=horizon,
            created_by=starter,
            created_at=created,
        )
    )
    exclude = {b.person for b in action.beneficiaries if b.person is not None}
    regulars = [starter] if visitor is not None or rng.random() < 0.5 else []
    while len(regulars) < slots:
        person = p.helpers.pick(rng, first, exclude | set(regulars))
        if person is None:
            break
        regulars.append(person)
    day = first_day
    upcoming = 0
    while (starts := p.local(day, 10)) < horizon:
        day += timedelta(weeks=1)
        task = TaskPlan(
            title=title[lang],
            description=description[lang],
            effort_minutes=effort,
            slots=slots,
            category=category,
            created_by=starter,
            created_at=max(created, starts - timedelta(weeks=SERIES_WEEKS_AHEAD)),
            place=place,
            skills=skills,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=effort),
            series=0,
        )
        action.tasks.append(task)
        position = len(action.tasks) - 1
        done = task.ends_at is not None and task.ends_at < now
        upcoming += not done
        coming = set()
        for regular in regulars:
            # The demo logins' own weekly visit is what their story shows: they seldom miss one.
            kept_before = 0.97 if regular == visitor else 0.85
            keeps = rng.random() < (kept_before if done else (1.0 if upcoming <= 2 else 0.5))
            if keeps and p.helpers.member_at(regular, min(starts, now)):
                coming.add(regular)
        missed = 0.02 if visitor is not None else 0.08
        if done and rng.random() < missed:  # the regular was ill; somebody else went
            coming.clear()
            stand_in = p.helpers.pick(rng, starts, exclude)
            if stand_in is not None:
                coming.add(stand_in)
        for person in sorted(coming):
            p.claim(action, position, person, starts, done=done)
        if done and rng.random() < missed * 0.6 and coming:
            claim = task.claims[-1]
            claim.status, claim.actual_minutes, claim.late = "withdrawn", None, rng.random() < 0.5
            claim.finished_at = starts - timedelta(hours=rng.randint(2, 30))
            p.pending_contributions.pop()
    past = [t.starts_at for t in action.tasks if t.starts_at and t.starts_at < now]
    p.moves(action, created + (first - created) / 3, first - timedelta(days=1))
    p.settle(action)
    if past:
        action.starts_on = first_day


# --- "I need help" ----------------------------------------------------------------------------


def need_help(
    p: "Planner",
    person: int | None = None,
    template: texts.ActionText | None = None,
    volunteer: int | None = None,
    days_ahead: float | None = None,
) -> None:
    rng, now = p.rng, p.now
    created = now - timedelta(days=rng.uniform(0.1, 6))
    person = person if person is not None else p.elders.pick(rng, created)
    if person is None:
        return
    template = template or rng.choice(texts.NEED_HELP)
    lang = p.lang(person)
    action = ActionPlan(
        community=p.key,
        title=template.title[lang],
        problem=template.problem[lang],
        started_by=person,
        stage="initiate",
        created_at=created,
        place=texts.HOME[lang],
        beneficiaries=[BeneficiaryPlan(person)],
        participants={person: created},
    )
    p.actions.append(action)
    ahead = days_ahead if days_ahead is not None else rng.uniform(1, 14)
    moment = now + timedelta(days=ahead)
    wanted = 1 if volunteer is None and rng.random() < 0.5 else 0
    timing = texts.SLOT if days_ahead is not None else None  # the demo people know when help comes
    task = p.task(action, template.tasks[0], (moment, moment), claimers=wanted, timing=timing)
    task.slots = 1
    if volunteer is not None:
        p.claim(action, 0, volunteer, moment, done=False)
    p.settle(action)


def persona_needs(p: "Planner") -> None:
    """Aino has a volunteer coming to help her; Eino's shopping request waits for someone."""
    phone = next(t for t in texts.NEED_HELP if t.tasks[0].skills == ("computers",))
    shopping = texts.NEED_HELP[0]
    need_help(p, AINO, phone, volunteer=SAARA, days_ahead=4)
    need_help(p, EINO, shopping, days_ahead=2)
    # Eino fixes things too: a chair for a neighbour next week.
    repairs = next(t for t in texts.ACTIONS if t.tasks[0].skills == ("repairs",))
    created = p.now - timedelta(days=3)
    action = p.new_action(repairs, AINO, "design", created)
    action.beneficiaries = [b for b in action.beneficiaries if b.person not in (AINO, EINO)] or [p.named(AINO)]
    moment = p.now + timedelta(days=6)
    p.task(action, repairs.tasks[0], (moment, moment), claimers=0, timing=texts.SLOT)
    p.claim(action, 0, EINO, moment, done=False)
    p.moves(action, created + timedelta(days=1), created)
    p.settle(action)
    past_help(p, SAARA)


def past_help(p: "Planner", person: int, times: int = 4) -> None:
    """Requests near `person`'s home they answered since joining: done, thanked, the last one being assessed."""
    rng, now, people = p.rng, p.now, p.plan.people
    spells = p.helpers.spells.get(person)
    if not spells:
        return
    joined = spells[0][0]
    fixed = set(range(len(FIXED_PERSONAS)))
    skills = set(people[person].skills)
    fitting = [(a, t) for a in _OFFERABLE if a.kind == "need" for t in a.tasks if skills & set(t.skills)]
    for number in range(times):
        assessing = number == times - 1
        first, last = (
            (now - timedelta(days=12), now - timedelta(days=4)) if assessing else (joined, now - timedelta(days=35))
        )
        if last <= first + timedelta(days=7):
            continue
        moment = _free_moment(p, person, timezone.localdate(first) + timedelta(days=7), timezone.localdate(last))
        created = max(joined + timedelta(hours=1), moment - timedelta(days=rng.uniform(2, 6)))
        neighbours = [
            i
            for i in p.elders.spells
            if i not in fixed
            and people[i].postal_code == people[person].postal_code
            and p.elders.member_at(i, created)
            and p.elders.member_at(i, now)
        ]
        neighbour = rng.choice(neighbours) if neighbours else p.elders.pick(rng, created, fixed)
        seasonal = [(a, t) for a, t in fitting if p.in_season(a, moment)]
        if neighbour is None or not seasonal:
            continue
        template, text = rng.choice(seasonal)
        action = p.new_action(template, neighbour, "assess" if assessing else "closed", created)
        # The first was for someone without an account, whom the neighbour speaks for.
        action.beneficiaries = [p.named(neighbour) if number == 0 else BeneficiaryPlan(neighbour)]
        action.assess_started_at = moment + timedelta(days=rng.uniform(1, 2.5 if assessing else 5))
        p.task(action, text, (moment, moment), claimers=0, timing=texts.SLOT, at=moment)
        p.claim(action, len(action.tasks) - 1, person, moment, done=True)
        p.moves(action, created + (moment - created) * 0.2, created + (moment - created) * 0.5)
        p.settle(action)
        if number == 0 and all(a.on_behalf_of is None for a in action.assessments):
            start = action.assess_started_at
            recorded = p.assessment(neighbour, start, min(start + timedelta(days=3), now))
            recorded.on_behalf_of = 0
            action.assessments.append(recorded)


# --- open tasks for the demo people ------------------------------------------------------------

OFFERS_PER_PERSON = 3
# Where a task starts inside each part of the day (talkoot.actions.ranking.PART_HOURS).
_PART_STARTS = {"morning": (9, 11), "afternoon": (13, 15), "evening": (17, 19)}


def persona_offers(p: "Planner") -> None:
    """Open tasks that fit each demo login: their skills, near their home, in their free week.

    "For you" ranks by skills matched, then nearness (the postal area of the people an action is
    for), then the free week. A few tasks that win on all three, whatever the seed, show the
    page doing its job. The second needs one more person; the third is due by a day, not timed.
    """
    rng, now, people = p.rng, p.now, p.plan.people
    fixed = set(range(len(FIXED_PERSONAS)))
    for persona in DEMO_LOGINS:
        person = FIXED_PERSONAS.index(persona)
        home = people[person]
        if home.neighbourhood != p.key or not p.helpers.member_at(person, now):
            continue
        neighbours = [
            i
            for i in p.elders.spells
            if i not in fixed and people[i].postal_code == home.postal_code and p.elders.member_at(i, now)
        ]
        skills = set(home.skills)
        fitting = [(a, t) for a in _OFFERABLE if a.kind != "commons" for t in a.tasks if skills & set(t.skills)]
        fitting = [(a, t) for a, t in fitting if p.in_season(a, now)] or list(_OFFERABLE_TASKS)
        chosen = rng.sample(fitting, min(OFFERS_PER_PERSON, len(fitting)))
        for number, (template, text) in enumerate(chosen):
            neighbour = rng.choice(neighbours) if neighbours else p.elders.pick(rng, now, fixed)
            if neighbour is None:
                continue
            _offer(p, person, neighbour, template, text, number)


def offers_in(key: str) -> int:
    """How many actions `persona_offers` plans in community `key` (at most)."""
    return OFFERS_PER_PERSON * sum(1 for persona in DEMO_LOGINS if persona.neighbourhood == key)


def _offer(
    p: "Planner", person: int, neighbour: int, template: texts.ActionText, text: texts.TaskText, number: int
) -> None:
    rng, now = p.rng, p.now
    created = now - timedelta(days=rng.uniform(2, 12))
    action = p.new_action(template, neighbour, "deliver", created)
    fixed = set(range(len(FIXED_PERSONAS)))
    action.beneficiaries = [b for b in action.beneficiaries if b.person is None or b.person not in fixed]
    if all(b.person != neighbour for b in action.beneficiaries):
        action.beneficiaries.insert(0, BeneficiaryPlan(neighbour))
    today = timezone.localdate(now)
    at = _free_moment(p, person, today + timedelta(days=2), today + timedelta(days=13))
    timing = texts.DEADLINE if number == 2 else texts.SLOT
    task = p.task(action, text, (at, at), claimers=0, timing=timing, at=at)
    task.skills = text.skills
    if number == 1:  # somebody is already going; one more would make it
        task.slots = 2
        exclude = fixed | {b.person for b in action.beneficiaries if b.person is not None}
        other = p.helpers.pick(rng, now, exclude)
        if other is not None:
            p.claim(action, len(action.tasks) - 1, other, at, done=False)
    p.moves(action, created + timedelta(hours=rng.randint(2, 20)), created + timedelta(days=1))
    p.settle(action)


def _free_moment(p: "Planner", person: int, first: date, last: date) -> datetime:
    """A start between the days `first` and `last` in a part of the week `person` told they are free."""
    rng = p.rng
    free = set(slots_from_mask(p.plan.people[person].availability))
    choices = [
        (day, part)
        for day in (first + timedelta(days=offset) for offset in range((last - first).days + 1))
        for part in _PART_STARTS
        if f"{WEEKDAYS[day.weekday()][0]}-{part}" in free
    ]
    if not choices:
        return p.local(first + timedelta(days=rng.randint(0, (last - first).days)), rng.randint(9, 17))
    day, part = rng.choice(choices)
    return p.local(day, rng.randint(*_PART_STARTS[part]), rng.choice((0, 30)))


# --- help outside any action -----------------------------------------------------------------


def unplanned(p: "Planner") -> None:
    rng = p.rng
    at = p.daytime(p.between(p.earliest, p.now - timedelta(hours=12)), latest=19)
    person = p.helpers.pick(rng, at)
    if person is None:
        return
    note, category, to_person, minutes = rng.choice(texts.UNPLANNED)
    lang = p.lang(person)
    contribution = ContributionPlan(
        community=p.key,
        contributor=person,
        minutes=rng.randint(*minutes) // 5 * 5,
        category=category,
        happened_at=at,
        note=note[lang] if rng.random() < 0.7 else "",
    )
    if to_person:
        beneficiary = p.elders.pick(rng, at, {person})
        if beneficiary is not None:
            contribution.beneficiaries.append(BeneficiaryPlan(beneficiary))
    p.thank(contribution, [])
    p.contributions.append(contribution)
