"""Write a planned demo community to the database, fast enough for thousands of members.

Everything goes in one transaction with `bulk_create` in chunks; the demo password is hashed once
and the hash shared, because argon2 per member would take minutes for a large demo.
"""

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from talkoot.communities.models import Application, ApplicationStatus, Community, JoinPolicy, Membership, Visibility
from talkoot.core.demo.activity import plan_activity
from talkoot.core.demo.personas import COMPANIONS, DEMO_PASSWORD, FIXED_PERSONAS
from talkoot.core.demo.plan import COMMUNITIES, FREE_TAGS, DemoPlan, plan_demo
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member, Skill

if TYPE_CHECKING:
    from talkoot.core.demo.activity_writer import ActivitySummary

CHUNK = 1000

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class DemoSummary:
    members: int
    community_sizes: dict[str, int]  # community name -> active members
    in_both: int
    pending_applications: int
    activity: "ActivitySummary | None" = None  # actions, tasks, help and thanks of the past year
    gatherings: int = 0  # on top of the activity's actions
    rotas: int = 0  # on top of the activity's actions too: each holds its tasks on an action


def seed_demo(*, members: int, seed: int, now: datetime | None = None, progress: Progress | None = None) -> DemoSummary:
    """Create the demo community for this seed. Raises IntegrityError if its people already exist."""
    now = now or timezone.now()
    plan = plan_demo(members=members, seed=seed, now=now)
    with transaction.atomic():
        return _write(plan, progress or (lambda what, done, total: None), now)


def _write(plan: DemoPlan, progress: Progress, now: datetime) -> DemoSummary:
    from talkoot.core.demo.activity_writer import write_activity  # it reuses this module's bulk helpers

    member_ids = _write_members(plan, progress)
    communities = _write_communities(plan, member_ids)
    _write_memberships(plan, member_ids, communities, progress)
    activity = write_activity(plan_activity(plan, now), member_ids, communities, progress)
    _write_companions(member_ids, communities)
    _write_conversation(member_ids, communities)
    gatherings = _write_gatherings(member_ids, communities)
    rotas = _write_rota(member_ids, communities)

    active = Counter(m.community for m in plan.memberships if m.left_at is None)
    homes: dict[int, set[str]] = {}
    for m in plan.memberships:
        if m.left_at is None:
            homes.setdefault(m.person, set()).add(m.community)
    return DemoSummary(
        members=len(plan.people),
        community_sizes={communities[key].name: active[key] for key in COMMUNITIES},
        in_both=sum(1 for keys in homes.values() if len(keys) > 1),
        pending_applications=len(plan.pending),
        activity=activity,
        gatherings=gatherings,
        rotas=rotas,
    )


def _write_companions(member_ids: Sequence[int], communities: dict[str, Community]) -> None:
    """The demo's companions, agreed through the services (so History has them too)."""
    from talkoot.companions.services import companion_agree, companion_ask

    by_email = {persona.email: Member.objects.get(pk=member_ids[i]) for i, persona in enumerate(FIXED_PERSONAS)}
    for member, companion in COMPANIONS:
        person, helper = by_email[member.email], by_email[companion.email]
        community = communities[member.neighbourhood]
        asked = companion_ask(asked_by=person, member=person, companion=helper, community=community)
        companion_agree(agreer=helper, companionship=asked)


# The first words of Kallion Seniorit's own conversation: (who, what), oldest first.
KALLIO_CONVERSATION = (
    (
        "aino.virtanen@example.org",
        "Tervetuloa kaikki uudet jäsenet! Kahviaamu on taas torstaina kello 10 kerhohuoneessa.",
    ),
    (
        "saara.nieminen@example.org",
        "@Eino Laine lähdetäänkö perjantaina yhdessä kauppaan? Voin kantaa kassit portaita ylös.",
    ),
)


def _write_conversation(member_ids: Sequence[int], communities: dict[str, Community]) -> None:
    """A few messages in Kallio's conversation, through the services (so the mention is told)."""
    from talkoot.conversations.selectors import target_for
    from talkoot.conversations.services import message_post

    by_email = {persona.email: member_ids[i] for i, persona in enumerate(FIXED_PERSONAS)}
    slug = communities["kallio"].slug
    for email, text in KALLIO_CONVERSATION:
        author = Member.objects.get(pk=by_email[email])
        message_post(author=author, target=target_for(author, slug, "community", 0), text=text)


def _next_weekday_at(weekday: int, hour: int, *, after_days: int = 1) -> datetime:
    """The first such weekday at `hour` (community time) at least `after_days` days from now."""
    day = timezone.localdate() + timedelta(days=after_days)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))  # noqa: DTZ001 - made aware


def _write_gatherings(member_ids: Sequence[int], communities: dict[str, Community]) -> int:
    """Kallio's coffee morning (Thursdays at 10, as its conversation says), chair exercise over
    video twice a week, and a talk, through the services; a dozen members have answered."""
    from talkoot.gatherings.models import Answer
    from talkoot.gatherings.services import HostingRole, attendance_answer, gathering_start

    kallio = communities["kallio"]
    host = Member.objects.get(pk=member_ids[0])  # Aino, who invites everyone in the conversation
    coffee = gathering_start(
        starter=host,
        community=kallio,
        title="Kahviaamu",
        description="Kahvia, pullaa ja juttua. Kaikki tervetuloa, myös uudet jäsenet.",
        place="Kerhohuone",
        first_starts_at=_next_weekday_at(3, 10),
        duration_minutes=90,
        capacity=20,
        rrule="FREQ=WEEKLY;BYDAY=TH",
        weeks_ahead=6,
        roles=[HostingRole("Emäntä tai isäntä"), HostingRole("Tuo kahvit ja pullat")],
    )
    exercise = gathering_start(
        starter=host,
        community=kallio,
        title="Tuolijumppa ruudun äärellä",
        description="Kevyttä jumppaa tuolilla istuen, kotoa videon kautta tai kerhohuoneessa.",
        place="Kerhohuone",
        video_url="https://video.example.org/kallio-tuolijumppa",
        first_starts_at=_next_weekday_at(0, 11),
        duration_minutes=45,
        rrule="FREQ=WEEKLY;BYDAY=MO,WE",
        weeks_ahead=4,
        roles=[HostingRole("Vedä jumppa")],
    )
    talk = gathering_start(
        starter=host,
        community=kallio,
        title="Luento: lääkkeiden turvallinen käyttö",
        description="Farmaseutti kertoo ja vastaa kysymyksiin.",
        place="Kirjaston sali",
        first_starts_at=_next_weekday_at(1, 14, after_days=8),
        duration_minutes=60,
        capacity=25,
    )
    here = list(
        Membership.objects.active().filter(community=kallio).order_by("member_id").values_list("member_id", flat=True)
    )
    answering = Member.objects.filter(pk__in=here[1:13]).order_by("pk")
    answers = [Answer.COMING, Answer.COMING, Answer.MAYBE, Answer.COMING, Answer.NOT_COMING]
    for gathering in (coffee, exercise, talk):
        first = gathering.occurrences.order_by("starts_at")[0]
        for index, member in enumerate(answering):
            attendance_answer(member=member, occurrence=first, answer=answers[index % len(answers)])
    return 3


ROTA_TEAMS = 6
ROTA_TEAM_SIZE = 5


def _write_rota(member_ids: Sequence[int], communities: dict[str, Community]) -> int:
    """Kallio's shared dinner on weekdays at 17, taken in turns by six teams of five, through the
    services. Aino and Saara are in the team on duty first (their 'For you' shows its week), Eino
    in the next; a few of the first team have taken on some of its tasks."""
    from talkoot.actions.rrules import community_time_zone
    from talkoot.actions.services import task_claim
    from talkoot.rotas.models import RotaDutyTask
    from talkoot.rotas.services import rota_create, team_join

    kallio = communities["kallio"]
    aino, eino, saara = member_ids[0], member_ids[1], member_ids[2]  # FIXED_PERSONAS order
    here = list(
        Membership.objects.active().filter(community=kallio).order_by("member_id").values_list("member_id", flat=True)
    )
    # Team by team, five places each: the fixed logins in the first two, then the others by id.
    others = [member_id for member_id in here if member_id not in (aino, eino, saara)]
    places = ROTA_TEAMS * ROTA_TEAM_SIZE
    chosen = [aino, saara, *others[:3], eino, *others[3 : places - 3]]
    members = Member.objects.in_bulk(chosen)
    now = timezone.now()
    first = timezone.localtime(now, community_time_zone()).replace(hour=17, minute=0, second=0, microsecond=0)
    if first <= now:
        first += timedelta(days=1)
    while first.weekday() >= 5:  # the first weekday from now on
        first += timedelta(days=1)
    rota = rota_create(
        creator=members[aino],
        community=kallio,
        title="Yhteinen päivällinen",
        description="Arki-illan yhteinen päivällinen kerhohuoneessa: yksi tiimi viikossa kokkaa ja siivoaa.",
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        first_starts_at=first,
        duration_minutes=90,
        teams=ROTA_TEAMS,
        team_names=[f"Tiimi {number}" for number in range(1, ROTA_TEAMS + 1)],
        roles=[("Kokki", 3), ("Siivous", 2)],
        weeks_ahead=12,
        now=now,
    )
    teams = list(rota.teams.order_by("position"))
    for index, member_id in enumerate(chosen):
        team_join(member=members[member_id], team=teams[index // ROTA_TEAM_SIZE])
    # The first team's first evenings: a cook or two, a cleaner; Aino's part is still open for her.
    links = RotaDutyTask.objects.filter(duty__rota=rota, duty__team=teams[0]).select_related("task__action", "role")
    first_duties = sorted({link.duty_id for link in links})[:2]
    for link in links.filter(duty_id__in=first_duties).order_by("duty__starts_at", "role__position"):
        takers = [saara, *others[:1]] if link.role.title == "Kokki" else others[1:2]
        for member_id in takers:
            task_claim(member=members[member_id], task=link.task)
    return 1


def _planned(moment: datetime | None) -> datetime:
    """A time the plan always fills in before writing; None here is a bug in plan.py."""
    if moment is None:
        raise ValueError("the demo plan left a time empty")
    return moment


def _write_members(plan: DemoPlan, progress: Progress) -> list[int]:
    password = make_password(DEMO_PASSWORD)
    people = [
        Member(
            email=person.email,
            display_name=person.display_name,
            password=password,
            email_confirmed_at=person.confirmed_at,
            date_joined=_planned(person.registered_at),
            language=person.language,
            text_size=person.text_size,
            high_contrast=person.high_contrast,
            reduced_motion=person.reduced_motion,
            municipality="Helsinki",
            postal_code=person.postal_code,
            latitude=person.latitude,
            longitude=person.longitude,
            availability=person.availability,
            bio=person.bio,
            away_until=plan.today + timedelta(days=person.away_days) if person.away_days else None,
        )
        for person in plan.people
    ]
    created = _bulk_create(Member, people, "Creating members", progress)
    member_ids = [member.pk for member in created]

    skill_ids = _skill_ids()
    Link = Member.skills.through
    links = [
        Link(member_id=member_id, skill_id=skill_ids[slug])
        for member_id, person in zip(member_ids, plan.people, strict=True)
        for slug in person.skills
    ]
    _bulk_create(Link, links, "Adding skills", progress)
    return member_ids


def _skill_ids() -> dict[str, int]:
    """Curated skills come from migration members/0002; free tags are added as members would type them."""
    for slug, name in sorted(FREE_TAGS.items()):
        Skill.objects.get_or_create(slug=slug, defaults={"name": name, "is_curated": False})
    return dict(Skill.objects.values_list("slug", "id"))


def _write_communities(plan: DemoPlan, member_ids: Sequence[int]) -> dict[str, Community]:
    communities = {}
    for community_plan in plan.communities:
        texts = COMMUNITIES[community_plan.key]
        founder = Member.objects.get(pk=member_ids[community_plan.founder])
        community = Community.objects.create(
            name=texts["name"],
            slug=texts["slug"],
            description=texts["description"],
            norms=texts["norms"],
            municipality="Helsinki",
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.APPLICATION if texts["questions"] else JoinPolicy.OPEN,
            application_questions=list(texts["questions"]),
            created_by=founder,
        )
        entry = history_record(community=community, kind=HistoryKind.COMMUNITY_CREATED, actor=founder)
        # The record of a community founded a year ago says so; nothing else ever backdates history.
        when = community_plan.created_at
        Community.objects.filter(pk=community.pk).update(created_at=when, updated_at=when)
        HistoryEntry.objects.filter(pk=entry.pk).update(created_at=when)
        communities[community_plan.key] = community
    return communities


def _write_memberships(
    plan: DemoPlan, member_ids: Sequence[int], communities: dict[str, Community], progress: Progress
) -> None:
    founders = {c.key: c.founder for c in plan.communities}
    memberships, applications, history = [], [], []
    for m in plan.memberships:
        community_id = communities[m.community].pk
        member_id = member_ids[m.person]
        memberships.append(
            Membership(
                community_id=community_id,
                member_id=member_id,
                joined_at=m.joined_at,
                left_at=m.left_at,
                created_at=m.joined_at,
                updated_at=m.left_at or m.joined_at,
            )
        )
        if m.person == founders[m.community]:
            pass  # the founder's joining is recorded as the community's creation
        elif m.admitted_by is not None:
            decider_id = member_ids[m.admitted_by]
            applications.append(
                Application(
                    community_id=community_id,
                    applicant_id=member_id,
                    answers=m.answers,
                    status=ApplicationStatus.ACCEPTED,
                    decided_by_id=decider_id,
                    decided_at=m.joined_at,
                    decision_message=m.decision_message,
                    created_at=_planned(m.applied_at),
                    updated_at=m.joined_at,
                )
            )
            history.append(_entry(community_id, HistoryKind.APPLICATION_ACCEPTED, decider_id, member_id, m.joined_at))
        else:
            history.append(_entry(community_id, HistoryKind.MEMBER_JOINED, member_id, member_id, m.joined_at))
        if m.left_at is not None:
            history.append(_entry(community_id, HistoryKind.MEMBER_LEFT, member_id, member_id, m.left_at))

    for p in plan.pending:
        applications.append(
            Application(
                community_id=communities[p.community].pk,
                applicant_id=member_ids[p.person],
                answers=p.answers,
                created_at=p.applied_at,
                updated_at=p.applied_at,
            )
        )
    history.sort(key=lambda entry: entry.created_at)  # ids follow time, as they would have
    with _timestamps_as_given(Membership, Application, HistoryEntry):
        _bulk_create(Membership, memberships, "Creating memberships", progress)
        _bulk_create(Application, applications, "Creating applications", progress)
        _bulk_create(HistoryEntry, history, "Writing history", progress)


def _entry(community_id: int, kind: str, actor_id: int, subject_id: int, when: datetime) -> HistoryEntry:
    return HistoryEntry(
        community_id=community_id, kind=kind, actor_id=actor_id, subject_id=subject_id, detail={}, created_at=when
    )


def _bulk_create(model, objs: list, what: str, progress: Progress) -> list:
    created = []
    for start in range(0, len(objs), CHUNK):
        created += model.objects.bulk_create(objs[start : start + CHUNK])
        progress(what, len(created), len(objs))
    return created


@contextmanager
def _timestamps_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the past dates of seeded rows instead of stamping them with now.

    `auto_now`/`auto_now_add` fields overwrite any value on insert, so they are switched off for
    the duration. This mutates shared field objects: use it only in a single-threaded command.
    """
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
