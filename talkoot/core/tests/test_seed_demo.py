import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from talkoot.communities.models import Application, ApplicationStatus, Community, JoinPolicy, Membership
from talkoot.core.demo.personas import (
    APPLICANT,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    ELDERLY_MEMBER,
    OTHER_COMMUNITY_MEMBER,
    STEWARD_TO_BE,
    YOUNG_VOLUNTEER,
)
from talkoot.core.demo.plan import plan_demo
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.availability import ALL_SLOTS_MASK
from talkoot.members.models import Member

MAIN, OTHER = "kallion-seniorit", "vuosaaren-naapurit"


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def canonical_dump() -> list[tuple]:
    """What a seed promises to repeat: people, their skills and week, and where they belong."""
    people = []
    for member in Member.objects.prefetch_related("skills", "memberships__community", "applications__community"):
        people.append(
            (
                member.email,
                member.display_name,
                sorted(skill.slug for skill in member.skills.all()),
                member.availability,
                sorted(m.community.slug for m in member.memberships.all() if m.left_at is None),
                sorted(a.community.slug for a in member.applications.all() if a.status == ApplicationStatus.PENDING),
            )
        )
    return sorted(people)


def forget_everything():
    HistoryEntry.objects.all().delete()
    Community.objects.all().delete()
    Member.objects.all().delete()


@pytest.fixture
def seeded(db):
    seed("--members", "30", "--seed", "7")


def active_slugs(email: str) -> set[str]:
    return set(Membership.objects.active().filter(member__email=email).values_list("community__slug", flat=True))


@pytest.mark.django_db
def test_same_seed_gives_the_same_community_and_another_seed_another():
    seed("--members", "30", "--seed", "7")
    first = canonical_dump()
    forget_everything()
    seed("--members", "30", "--seed", "7")
    assert canonical_dump() == first
    forget_everything()
    seed("--members", "30", "--seed", "8")
    other = canonical_dump()
    assert other != first
    assert {row[0] for row in other} != {row[0] for row in first}


def test_plan_repeats_exactly_for_a_seed_without_a_database():
    now = timezone.now()
    assert plan_demo(members=200, seed=3, now=now) == plan_demo(members=200, seed=3, now=now)
    assert plan_demo(members=200, seed=3, now=now) != plan_demo(members=200, seed=4, now=now)


def test_plan_mixes_elderly_members_and_younger_volunteers():
    people = plan_demo(members=1000, seed=1, now=timezone.now()).people
    young = [p for p in people if p.young]
    assert 0.12 < len(young) / len(people) < 0.28
    assert all(18 <= p.age <= 55 for p in young)
    assert all(60 <= p.age <= 96 for p in people if not p.young)
    assert {p.language for p in people} == {"fi", "en"}
    assert sum(p.text_size != "normal" for p in people if not p.young) > len(people) / 3
    assert any(p.bio and str(p.age) in p.bio for p in people)


def test_seed_keeps_existing_data_when_asked_if_empty(seeded):
    before = canonical_dump()
    output = seed("--if-empty", "--members", "40", "--seed", "99")
    assert output.strip() == "Demo data already present; keeping it."
    assert canonical_dump() == before


def test_seed_refuses_to_add_a_second_demo_without_if_empty(seeded):
    with pytest.raises(CommandError, match="already holds communities"):
        seed("--members", "30")
    assert Member.objects.count() == 30


@pytest.mark.django_db
def test_seed_refuses_a_community_too_small_to_believe():
    with pytest.raises(CommandError, match="at least"):
        seed("--members", "5")
    assert not Member.objects.exists()


def test_the_four_demo_logins_and_the_applicant_can_sign_in(seeded, client):
    for persona in (*DEMO_LOGINS, APPLICANT):
        member = authenticate(email=persona.email, password=DEMO_PASSWORD)
        assert member is not None and member.display_name == persona.display_name
    assert client.login(email=YOUNG_VOLUNTEER.email, password=DEMO_PASSWORD)
    assert authenticate(email=STEWARD_TO_BE.email, password="wrong password") is None


def test_demo_logins_are_the_people_they_claim_to_be(seeded):
    main = Community.objects.get(slug=MAIN)
    assert main.created_by.email == STEWARD_TO_BE.email
    assert active_slugs(STEWARD_TO_BE.email) == {MAIN}
    assert main.applications.filter(decided_by__email=STEWARD_TO_BE.email).exists()
    eino = Member.objects.get(email=ELDERLY_MEMBER.email)
    assert eino.text_size == "extra_large" and "84" in eino.bio
    assert active_slugs(ELDERLY_MEMBER.email) == {MAIN}
    assert active_slugs(YOUNG_VOLUNTEER.email) == {MAIN}
    assert active_slugs(OTHER_COMMUNITY_MEMBER.email) == {OTHER}
    assert active_slugs(APPLICANT.email) == set()
    assert main.applications.pending().filter(applicant__email=APPLICANT.email).exists()


def test_demo_password_passes_the_password_validators():
    validate_password(DEMO_PASSWORD)


def test_two_communities_of_the_right_kind_and_size_share_some_members(seeded):
    main, other = Community.objects.get(slug=MAIN), Community.objects.get(slug=OTHER)
    assert Community.objects.count() == 2
    assert (main.join_policy, other.join_policy) == (JoinPolicy.APPLICATION, JoinPolicy.OPEN)
    assert len(main.application_questions) == 2
    assert all(" / " in question for question in main.application_questions)  # Finnish / English
    assert main.description and main.norms and "Kallio" in main.name
    main_members = set(main.memberships.active().values_list("member_id", flat=True))
    other_members = set(other.memberships.active().values_list("member_id", flat=True))
    assert len(main_members) > len(other_members) >= 3
    assert len(main_members & other_members) >= 2
    assert Member.objects.count() == 30


def test_pending_applications_answer_the_community_questions(seeded):
    main = Community.objects.get(slug=MAIN)
    pending = list(Application.objects.pending())
    assert len(pending) >= 3
    for application in pending:
        assert application.community == main
        assert [item["question"] for item in application.answers] == main.application_questions
        assert all(item["answer"] for item in application.answers)
        assert not main.memberships.active().filter(member=application.applicant).exists()


def test_every_member_is_plausible_and_reachable_only_at_example_org(seeded):
    now = timezone.now()
    for member in Member.objects.all():
        assert member.email.endswith("@example.org") and member.email == member.email.lower()
        assert 0 <= member.availability <= ALL_SLOTS_MASK
        assert member.email_confirmed_at is not None and member.date_joined < member.email_confirmed_at < now
        assert member.municipality == "Helsinki" and member.postal_code.startswith("00")
        assert Decimal("60.1") <= member.latitude <= Decimal("60.3")
        assert Decimal("24.8") <= member.longitude <= Decimal("25.2")
        assert member.skills.exists()


def test_history_records_each_founding_and_every_join_in_the_past_year(seeded):
    now = timezone.now()
    assert HistoryEntry.objects.filter(kind=HistoryKind.COMMUNITY_CREATED).count() == 2
    joins = [HistoryKind.APPLICATION_ACCEPTED, HistoryKind.MEMBER_JOINED]
    for membership in Membership.objects.select_related("community"):
        assert now - timedelta(days=380) < membership.joined_at < now
        if membership.member_id == membership.community.created_by_id:
            continue  # the founder's join is the community's creation
        assert HistoryEntry.objects.filter(
            community=membership.community, kind__in=joins, subject=membership.member, created_at=membership.joined_at
        ).exists()
    # Kallion Seniorit admits by application: only its few founding members joined directly.
    main = Community.objects.get(slug=MAIN)
    assert main.history.filter(kind=HistoryKind.MEMBER_JOINED).count() <= 3
    assert (
        main.history.filter(kind=HistoryKind.APPLICATION_ACCEPTED).count()
        == main.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    )
    assert not Community.objects.get(slug=OTHER).history.filter(kind=HistoryKind.APPLICATION_ACCEPTED).exists()
    assert not HistoryEntry.objects.filter(created_at__gt=now).exists()


def test_seed_prints_one_summary_line_when_not_in_a_terminal(db):
    output = seed("--members", "25", "--seed", "1")
    assert "\r" not in output
    assert output.count("\n") == 1 and "25 members" in output


def test_seed_shows_progress_in_place_in_a_terminal(db):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    call_command("seed_demo", "--members", "25", "--seed", "1", stdout=out)
    assert "\rCreating members 25/25" in out.getvalue().replace("\033[K", "")


def test_demo_logins_command_prints_every_login_with_the_password(seeded):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for persona in (*DEMO_LOGINS, APPLICANT):
        assert persona.email in text and persona.role in text
    assert DEMO_PASSWORD in text and "http://127.0.0.1:8000/" in text
    assert "not in the database" not in text


def test_the_young_volunteer_acts_for_the_elderly_member_as_his_companion(seeded):
    from talkoot.companions.models import Companionship

    link = Companionship.objects.standing().select_related("member", "companion", "community").get()
    assert (link.member.email, link.companion.email, link.community.slug) == (
        "eino.laine@example.org",
        "saara.nieminen@example.org",
        MAIN,
    )
    assert HistoryEntry.objects.filter(kind=HistoryKind.COMPANION_AGREED, subject=link.member).exists()


def test_the_demo_community_has_begun_a_conversation_with_a_mention(seeded):
    from talkoot.conversations.models import Message
    from talkoot.notifications.models import Notification, NotificationKind

    assert Message.objects.filter(conversation__community__slug=MAIN).count() == 2
    assert Notification.objects.filter(
        kind=NotificationKind.MENTIONED, recipient__email="eino.laine@example.org"
    ).exists()
