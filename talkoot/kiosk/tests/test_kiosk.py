"""Kiosk screens: pairing with a code, what a screen shows, revocation, and that a screen's token
opens nothing else."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import Action, ActionBeneficiary, Claim
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.communities.models import Membership
from talkoot.companions.models import Companionship
from talkoot.contributions.models import Thanks
from talkoot.contributions.tests.factories import ContributionFactory
from talkoot.core.errors import ApplicationError
from talkoot.gatherings.tests.factories import OccurrenceFactory
from talkoot.kiosk import services
from talkoot.kiosk.models import KioskPairing, KioskScreen, ScreenKind
from talkoot.kiosk.views import KIOSK_COOKIE

pytestmark = pytest.mark.django_db


def screen_client() -> Client:
    return Client()


def show_code(client: Client) -> str:
    """The screen asks for a code and returns it, as the screen shows it."""
    response = client.post(reverse("kiosk:pairing_start"))
    assert response.status_code == 302
    page = client.get(reverse("kiosk:home"))
    assert page.status_code == 200 and 'data-page="pairing"' in page.text
    return KioskPairing.objects.latest("pk").code


def paired_screen(member, community, **extra) -> tuple[Client, KioskScreen]:
    client = screen_client()
    code = show_code(client)
    screen = services.screen_pair(member=member, code=code, community=community, for_member=member, **extra)
    return client, screen


def test_a_member_pairs_a_screen_by_typing_its_code_and_it_shows_their_day(member, community, client_for):
    screen = screen_client()
    code = show_code(screen)
    response = client_for(member).post(
        reverse("kiosk:screens"), {"code": f"{code[:3]} {code[3:]}", "whose": f"me:{community.pk}", "name": ""}
    )
    assert response.status_code == 302
    home = screen.get(reverse("kiosk:home"))
    assert home.status_code == 200 and 'data-page="home"' in home.text
    assert "Screen of Eino Laine" in home.text and "I need help" in home.text
    stored = KioskScreen.objects.get()
    assert stored.member == member and stored.kind == ScreenKind.PERSONAL
    assert screen.cookies[KIOSK_COOKIE].value not in stored.token_hash  # only the hash is kept


@pytest.mark.parametrize("typed", ["", "12", "abcdef", "9" * 40, "000000"])
def test_a_wrong_code_is_refused_with_a_message(member, community, typed):
    show_code(screen_client())
    with pytest.raises(ApplicationError) as refused:
        services.screen_pair(member=member, code=typed, community=community, for_member=member)
    assert refused.value.field == "code" and "not right" in refused.value.message
    assert not KioskScreen.objects.exists()


def test_an_expired_code_is_refused(member, community):
    code = show_code(screen_client())
    KioskPairing.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ApplicationError, match="not right or is too old"):
        services.screen_pair(member=member, code=code, community=community, for_member=member)


def test_typing_codes_is_rate_limited(member, community):
    for _ in range(services.PAIR_ATTEMPTS_PER_HOUR):
        with pytest.raises(ApplicationError, match="not right"):
            services.screen_pair(member=member, code="000001", community=community, for_member=member)
    code = show_code(screen_client())
    with pytest.raises(ApplicationError) as refused:
        services.screen_pair(member=member, code=code, community=community, for_member=member)
    assert refused.value.status == 429


def test_a_code_pairs_one_screen_only(member, steward, community):
    code = show_code(screen_client())
    services.screen_pair(member=member, code=code, community=community, for_member=member)
    with pytest.raises(ApplicationError, match="not right"):
        services.screen_pair(member=steward, code=code, community=community, for_member=steward)


def test_only_a_companion_pairs_for_someone_else_and_only_a_steward_for_a_common_room(member, steward, community):
    code = show_code(screen_client())
    with pytest.raises(ApplicationError, match="someone you accompany"):
        services.screen_pair(member=member, code=code, community=community, for_member=steward)
    with pytest.raises(ApplicationError, match="stewards"):
        services.screen_pair(member=member, code=code, community=community, kind=ScreenKind.COMMON_ROOM)
    Companionship.objects.create(
        community=community, member=steward, companion=member, asked_by=member, agreed_at=timezone.now()
    )
    screen = services.screen_pair(member=member, code=code, community=community, for_member=steward)
    assert screen.member == steward and screen.paired_by == member


def test_an_outsider_cannot_pair_a_screen_for_a_community(outsider, community):
    code = show_code(screen_client())
    with pytest.raises(ApplicationError, match="Only members"):
        services.screen_pair(member=outsider, code=code, community=community, for_member=outsider)


def test_a_revoked_screen_answers_404_at_once(member, community, client_for):
    screen, stored = paired_screen(member, community)
    assert screen.get(reverse("kiosk:offers")).status_code == 200
    client_for(member).post(reverse("kiosk:screen_revoke", args=[stored.pk]))
    for name in ("kiosk:home", "kiosk:offers", "kiosk:thanks", "kiosk:companion", "kiosk:need_help"):
        assert screen.get(reverse(name)).status_code == 404, name
    assert "Show a code" in screen.get(reverse("kiosk:home")).text  # and it can be paired again


def test_someone_else_cannot_end_a_screen(member, steward, community, client_for):
    _screen, stored = paired_screen(member, community)
    assert client_for(steward).post(reverse("kiosk:screen_revoke", args=[stored.pk])).status_code == 404
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_a_screen_token_opens_nothing_else_of_the_site(member, community):
    screen, _stored = paired_screen(member, community)
    assert screen.get(reverse("communities:detail", args=[community.slug])).status_code == 404
    assert screen.get(reverse("gatherings:list", args=[community.slug])).status_code == 404
    assert screen.get(reverse("members:settings")).status_code == 302  # to the login page
    assert screen.get(reverse("kiosk:screens")).status_code == 302
    api = screen.get("/api/v1/me")
    assert api.status_code == 401


def test_the_kiosk_pages_answer_404_without_a_screen(anonymous):
    client = screen_client()
    for name in ("kiosk:offers", "kiosk:thanks", "kiosk:companion", "kiosk:need_help"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("kiosk:home")).status_code == 200  # the start: "Show a code"


def test_asking_for_help_in_three_steps_creates_the_need(member, community):
    screen, _stored = paired_screen(member, community)
    url = reverse("kiosk:need_help")
    assert "What do you need help with?" in screen.get(url).text
    assert "Which day?" in screen.get(url, {"kind": "meals"}).text
    assert "Send this request?" in screen.get(url, {"kind": "meals", "day": "1"}).text
    assert not Action.objects.exists()  # nothing is made before it is confirmed
    response = screen.post(url, {"kind": "meals", "day": "1"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.title == "Help with meals or shopping"
    assert ActionBeneficiary.objects.filter(action=action, member=member).exists()
    task = action.tasks.get()
    assert timezone.localtime(task.deadline).date() == timezone.localdate() + timedelta(days=2)


def test_wrong_steps_show_the_first_step_again(member, community):
    screen, _stored = paired_screen(member, community)
    url = reverse("kiosk:need_help")
    assert "What do you need help with?" in screen.get(url, {"kind": "spaceship"}).text
    assert "Which day?" in screen.get(url, {"kind": "meals", "day": "99"}).text
    assert "Which day?" in screen.post(url, {"kind": "meals", "day": "x"}).text
    assert not Action.objects.exists()


def test_i_can_help_lists_tomorrows_tasks_and_takes_one_with_one_press(member, steward, community):
    screen, _stored = paired_screen(member, community)
    tomorrow = timezone.now() + timedelta(days=1)
    task = TaskFactory(action=ActionFactory(community=community, started_by=steward), starts_at=tomorrow)
    TaskFactory(action=ActionFactory(community=community), starts_at=timezone.now() + timedelta(days=5))
    page = screen.get(reverse("kiosk:offers"))
    assert task.title in page.text and page.text.count("I'll do it") == 1
    assert screen.post(reverse("kiosk:offer_take", args=[task.pk])).status_code == 302
    assert Claim.objects.get().member == member


def test_the_home_screen_shows_todays_gathering_with_join_and_who_is_coming(member, steward, community):
    screen, _stored = paired_screen(member, community)
    OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Chair exercise",
        gathering__video_url="https://video.example.org/chair",
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    visit = TaskFactory(
        action=ActionFactory(community=community, title="Shopping"),
        starts_at=timezone.now() + timedelta(hours=20),
        taken=1,
    )
    ActionBeneficiary.objects.create(action=visit.action, member=member)
    ClaimFactory(task=visit, member=steward)
    home = screen.get(reverse("kiosk:home")).text
    assert "Chair exercise" in home and "https://video.example.org/chair" in home
    assert "Aino Virtanen is coming" in home


def test_the_home_screen_lists_the_day_in_time_order_and_says_when_more_follow(member, steward, community):
    from talkoot.kiosk.selectors import ROWS_ON_HOME, Visit, coming_up

    screen, _stored = paired_screen(member, community)
    first = timezone.now() + timedelta(hours=1)
    for hour in range(ROWS_ON_HOME):
        OccurrenceFactory(
            gathering__action__community=community,
            gathering__action__title=f"Coffee {hour}",
            starts_at=first + timedelta(hours=2 * hour),
            ends_at=first + timedelta(hours=2 * hour, minutes=30),
        )
        visit = TaskFactory(
            action=ActionFactory(community=community),
            title=f"Visit {hour}",
            starts_at=first + timedelta(hours=2 * hour + 1),
            taken=1,
        )
        ActionBeneficiary.objects.create(action=visit.action, member=member)
        ClaimFactory(task=visit, member=steward)
    day = coming_up(KioskScreen.objects.get())
    titles = [entry.task.title if isinstance(entry, Visit) else entry.gathering.action.title for entry in day.entries]
    assert titles == ["Coffee 0", "Visit 0", "Coffee 1", "Visit 1", "Coffee 2", "Visit 2"]
    assert day.more is True
    home = screen.get(reverse("kiosk:home")).text
    assert 'data-fit="more-later" data-more' in home and "More comes later." in home


def test_thanks_and_the_companions_phone_if_shared(member, steward, community):
    screen, _stored = paired_screen(member, community)
    contribution = ContributionFactory(contributor=member, community=community)
    Thanks.objects.create(contribution=contribution, member=steward, message="Thank you for the soup!")
    assert "Thank you for the soup!" in screen.get(reverse("kiosk:thanks")).text
    Companionship.objects.create(
        community=community, member=member, companion=steward, asked_by=member, agreed_at=timezone.now()
    )
    steward.phone = "+358 40 123 4567"
    steward.save()
    page = screen.get(reverse("kiosk:companion")).text
    assert "Aino Virtanen" in page and "+358 40 123 4567" not in page
    steward.phone_to_accompanied = True
    steward.save()
    assert "+358 40 123 4567" in screen.get(reverse("kiosk:companion")).text


def test_a_common_room_screen_shows_no_personal_data(member, steward, community):
    Membership.objects.filter(member=steward, community=community).update(is_steward=True)
    client = screen_client()
    code = show_code(client)
    services.screen_pair(member=steward, code=code, community=community, kind=ScreenKind.COMMON_ROOM)
    OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Coffee morning",
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    task = TaskFactory(
        action=ActionFactory(community=community, title="Eino's shopping", started_by=member),
        starts_at=timezone.now() + timedelta(hours=20),
    )
    ActionBeneficiary.objects.create(action=task.action, member=member)
    home = client.get(reverse("kiosk:home")).text
    assert "Coffee morning" in home and "1 task today or tomorrow still needs someone." in home
    for private in ("Eino", "Laine", "Aino", "eino@example.org", "shopping", "I need help"):
        assert private not in home, private
    for name in ("kiosk:offers", "kiosk:thanks", "kiosk:companion", "kiosk:need_help"):
        assert client.get(reverse(name)).status_code == 404


def test_a_screen_speaks_its_members_language(member, community):
    member.language = "fi"
    member.save()
    screen, _stored = paired_screen(member, community)
    assert "Tarvitsen apua" in screen.get(reverse("kiosk:home")).text


def test_asking_for_codes_is_rate_limited_per_address():
    client = screen_client()
    for _ in range(services.CODES_PER_HOUR_PER_ADDRESS):
        assert client.post(reverse("kiosk:pairing_start")).status_code == 302
    refused = client.post(reverse("kiosk:pairing_start"))
    assert refused.status_code == 429 and "too many codes" in refused.text
    assert KioskPairing.objects.count() == services.CODES_PER_HOUR_PER_ADDRESS


def test_the_home_screen_and_i_can_help_read_a_fixed_number_of_queries(member, steward, community):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    screen, _stored = paired_screen(member, community)
    connection.features.supports_json_field  # noqa: B018 - a first-use query, not the page's
    screen.get(reverse("kiosk:home"))  # the screen's "last seen" is written once, not per page
    counts = []
    for extra in (1, 6):
        for number in range(extra):
            soon = timezone.now() + timedelta(hours=3 + number)
            OccurrenceFactory(gathering__action__community=community, starts_at=soon, ends_at=soon + timedelta(hours=1))
            visit = TaskFactory(action=ActionFactory(community=community), starts_at=soon, taken=1)
            ActionBeneficiary.objects.create(action=visit.action, member=member)
            ClaimFactory(task=visit, member=steward)
            TaskFactory(action=ActionFactory(community=community, started_by=steward), starts_at=soon)
            Thanks.objects.create(
                contribution=ContributionFactory(contributor=member, community=community), member=steward
            )
        with CaptureQueriesContext(connection) as home:
            assert screen.get(reverse("kiosk:home")).status_code == 200
        with CaptureQueriesContext(connection) as offers:
            assert screen.get(reverse("kiosk:offers")).status_code == 200
        counts.append((len(home), len(offers)))
    assert counts[0] == counts[1]
