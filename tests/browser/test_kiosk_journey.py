"""Aino (86) pairs the TV in her living room and uses it with the remote alone: she asks for help,
takes on a task for tomorrow and reads a thank-you. Every kiosk screen is checked by axe-core,
fits 1280x720 without scrolling where it must, and is saved as a screenshot under var/test-artifacts.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.actions.models import Action, ActionBeneficiary, Claim
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Thanks
from talkoot.contributions.tests.factories import ContributionFactory
from talkoot.gatherings.tests.factories import OccurrenceFactory
from talkoot.kiosk.models import KioskScreen
from talkoot.members.tests.factories import MemberFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_community_journey import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)
TV = {"width": 1280, "height": 720}


@pytest.fixture
def open_tv(browser, live_server):
    """Opens the TV's browser window; closed after the test, so that its keep-alive requests
    do not hold database sessions open (PostgreSQL then cannot drop the test database)."""
    contexts = []

    def open_tv_screen():
        context = browser.new_context(locale="en-GB", viewport=TV)
        contexts.append(context)
        tv = context.new_page()
        tv.set_default_timeout(15_000)
        tv.console_errors = []
        tv.on("console", lambda message: message.type == "error" and tv.console_errors.append(message.text))
        tv.base_url = live_server.url
        return tv

    yield open_tv_screen
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}.png"))


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def settled(page) -> None:
    """The page is in and its script has put the focus on its first button, as the remote finds it."""
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement && document.activeElement.id")


def fits_without_scrolling(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_pair_a_tv_then_ask_for_help_take_a_task_and_read_thanks_with_the_remote(page, open_tv, axe_check):
    community = CommunityFactory(name="Kallio Seniors Together", slug="kallio", visibility=Visibility.PRIVATE)
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    eino = MemberFactory(display_name="Eino Laine", email="eino@example.org")
    for person in (aino, eino):
        MembershipFactory(community=community, member=person)
    soon = timezone.now() + timedelta(hours=3)
    OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Chair exercise",
        gathering__video_url="https://video.example.org/chair",
        starts_at=soon,
        ends_at=soon + timedelta(minutes=45),
    )
    visit = TaskFactory(
        action=ActionFactory(community=community, title="Shopping for Aino", started_by=aino),
        title="Carry the shopping home",
        starts_at=timezone.now() + timedelta(days=1),
        taken=1,
    )
    ActionBeneficiary.objects.create(action=visit.action, member=aino)
    ClaimFactory(task=visit, member=eino)
    errand = TaskFactory(
        action=ActionFactory(community=community, title="Eino's books", started_by=eino),
        title="Return two books to the library",
        # Tomorrow at noon on the community's clock: "I can help" lists today and tomorrow only.
        starts_at=timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1),
    )
    Thanks.objects.create(
        contribution=ContributionFactory(contributor=aino, community=community),
        member=eino,
        message="Thank you for the blueberry pie!",
    )

    # The TV shows a code; only Enter is pressed on it.
    tv = open_tv()
    tv.goto(f"{tv.base_url}/kiosk/")
    expect(tv.get_by_role("button", name="Show a code")).to_be_focused()
    check(tv, axe_check, "kiosk: start")
    shot(tv, "1-start")
    press(tv, "Enter")
    code = tv.locator(".kiosk-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{6}", code)
    check(tv, axe_check, "kiosk: pairing code")
    shot(tv, "2-code")

    # Aino types the code on her phone.
    log_in(page, aino.email)
    page.goto(f"{page.base_url}/settings/screens/")
    check(page, axe_check, "screens settings")
    page.get_by_label("The code on the screen").fill(code[:3] + " " + code[3:])
    page.get_by_label("Name of the screen").fill("TV in the living room")
    page.get_by_role("button", name="Pair the screen").click()
    expect(page.get_by_text("“TV in the living room” is paired.")).to_be_visible()

    # The TV notices by itself and shows Aino's day: no scrolling at 1280x720.
    expect(tv.get_by_role("link", name="I need help")).to_be_visible(timeout=15_000)
    settled(tv)
    assert fits_without_scrolling(tv)
    expect(tv.get_by_text("Chair exercise", exact=True)).to_be_visible()
    expect(tv.get_by_text("Eino Laine is coming")).to_be_visible()
    check(tv, axe_check, "kiosk: home")
    shot(tv, "3-home")
    assert focused_id(tv) == f"join-{tv.locator('[id^=join-]').first.get_attribute('id').split('-')[1]}"

    # "I need help": a kind of help and a day, with arrows and OK (right to the tiles, up to the first).
    press(tv, "ArrowRight", "ArrowUp")
    assert focused_id(tv) == "tile-need"
    press(tv, "Enter")
    expect(tv.get_by_role("heading", name="What do you need help with?")).to_be_visible()
    settled(tv)
    assert focused_id(tv) == "kind-care"
    check(tv, axe_check, "kiosk: kind of help")
    shot(tv, "4-kind")
    press(tv, "ArrowDown")
    assert focused_id(tv) == "kind-meals"
    press(tv, "Enter")
    expect(tv.get_by_role("heading", name="Which day?")).to_be_visible()
    settled(tv)
    check(tv, axe_check, "kiosk: which day")
    press(tv, "ArrowRight", "Enter")
    expect(tv.get_by_role("heading", name="Send this request?")).to_be_visible()
    settled(tv)
    check(tv, axe_check, "kiosk: confirm")
    shot(tv, "5-confirm")
    assert focused_id(tv) == "send"
    press(tv, "Enter")
    expect(tv.get_by_text("Your request is sent.")).to_be_visible()
    settled(tv)
    need = Action.objects.get(title="Help with meals or shopping")
    assert need.beneficiaries.get().member == aino
    assert timezone.localtime(need.tasks.get().deadline).date() == timezone.localdate() + timedelta(days=2)

    # "I can help": Eino's errand tomorrow, taken with one press; Back returns home.
    press(tv, "ArrowRight", "ArrowRight")
    assert focused_id(tv) == "tile-offer"
    press(tv, "Enter")
    expect(tv.get_by_text("Return two books to the library", exact=True)).to_be_visible()
    settled(tv)
    check(tv, axe_check, "kiosk: I can help")
    shot(tv, "6-offers")
    assert focused_id(tv) == f"take-{errand.pk}"
    press(tv, "Enter")
    expect(tv.get_by_text("Thank you! You took on “Return two books to the library”.")).to_be_visible()
    assert Claim.objects.filter(task=errand, member=aino).exists()
    press(tv, "Escape")
    expect(tv.get_by_role("link", name="I need help")).to_be_visible()
    settled(tv)

    # The screen reads itself again every minute; the focus stays where it was.
    press(tv, "ArrowRight", "ArrowDown")
    assert focused_id(tv) == "tile-thanks"
    OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Coffee morning",
        starts_at=soon + timedelta(hours=1),
        ends_at=soon + timedelta(hours=2),
    )
    tv.evaluate("window.talkootKioskRefresh()")
    expect(tv.get_by_text("Coffee morning", exact=True)).to_be_visible()
    assert focused_id(tv) == "tile-thanks"

    # Thanks received, then the companion's page.
    press(tv, "Enter")
    expect(tv.get_by_text("Thank you for the blueberry pie!")).to_be_visible()
    settled(tv)
    check(tv, axe_check, "kiosk: thanks")
    shot(tv, "7-thanks")
    press(tv, "Backspace")
    expect(tv.get_by_role("link", name="I need help")).to_be_visible()
    settled(tv)
    press(tv, "ArrowRight", "ArrowDown", "ArrowRight")
    assert focused_id(tv) == "tile-companion"
    press(tv, "Enter")
    expect(tv.get_by_role("heading", name="My companion")).to_be_visible()
    settled(tv)
    check(tv, axe_check, "kiosk: companion")

    # Aino ends the screen from her phone: the TV shows nothing of hers any more.
    page.goto(f"{page.base_url}/settings/screens/")
    page.get_by_role("button", name="End “TV in the living room”").click()
    expect(page.get_by_text("is ended")).to_be_visible()
    assert KioskScreen.objects.get().revoked_at is not None
    response = tv.goto(f"{tv.base_url}/kiosk/")
    assert response.status == 404
    expect(tv.get_by_role("heading", name="This screen is no longer paired")).to_be_visible()
    assert "Aino" not in tv.content()
    tv.console_errors.clear()  # the 404 itself is logged by the browser
    axe_check(tv, label="kiosk: ended")
    shot(tv, "8-ended")


def test_a_common_room_screen_shows_the_gatherings_and_no_one(open_tv, axe_check):
    from talkoot.communities.models import Membership
    from talkoot.kiosk import services
    from talkoot.kiosk.models import KioskPairing, ScreenKind

    community = CommunityFactory(name="Kallion Seniorit", slug="kallio", visibility=Visibility.PRIVATE)
    steward = MemberFactory(display_name="Aino Virtanen", email="aino@example.org", language="fi")
    MembershipFactory(community=community, member=steward)
    Membership.objects.filter(member=steward).update(is_steward=True)
    soon = timezone.now() + timedelta(hours=2)
    OccurrenceFactory(
        gathering__action__community=community,
        gathering__action__title="Kahviaamu",
        gathering__action__place="Kerhohuone",
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
    )
    TaskFactory(action=ActionFactory(community=community, started_by=steward), starts_at=soon)
    tv = open_tv()
    tv.goto(f"{tv.base_url}/kiosk/")
    press(tv, "Enter")
    expect(tv.locator(".kiosk-code")).to_be_visible()
    code = KioskPairing.objects.get().code
    services.screen_pair(member=steward, code=code, community=community, kind=ScreenKind.COMMON_ROOM)
    expect(tv.get_by_text("Kahviaamu", exact=True)).to_be_visible(timeout=15_000)
    expect(tv.get_by_text("Kerhohuone")).to_be_visible()
    assert fits_without_scrolling(tv)
    assert "Aino" not in tv.content() and "I need help" not in tv.content()
    check(tv, axe_check, "kiosk: common room")
    shot(tv, "9-common-room")


COMING_AND_MORE = {
    "en": ("Eino Laine, Saara Nieminen are coming", "More comes later."),
    "fi": ("Eino Laine, Saara Nieminen ovat tulossa", "Lisää tulee myöhemmin."),
}


@pytest.mark.parametrize(
    ("text_size", "language", "rows_that_fit"),
    [("normal", "en", 3), ("large", "en", 2), ("extra_large", "en", 1), ("extra_large", "fi", 1)],
)
def test_a_full_day_fits_the_tv_at_each_text_size(open_tv, axe_check, text_size, language, rows_that_fit):
    """Aino's busiest day, in her own text size: the home screen shows the rows that fit, in time
    order, says that more follow, and needs no scrolling at 1280x720 (the refresh keeps it so)."""
    from talkoot.kiosk import services
    from talkoot.kiosk.models import KioskPairing

    community = CommunityFactory(name="Kallio Seniors Together", slug="kallio", visibility=Visibility.PRIVATE)
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org", text_size=text_size, language=language)
    helpers = [MemberFactory(display_name=name) for name in ("Eino Laine", "Saara Nieminen")]
    for person in (aino, *helpers):
        MembershipFactory(community=community, member=person)
    first = timezone.now() + timedelta(hours=1)
    for hour in range(6):
        OccurrenceFactory(
            gathering__action__community=community,
            gathering__action__title=f"Chair exercise with the physiotherapist of the health centre, group {hour + 1}",
            gathering__action__place="The club room on the ground floor of the service house, Helsinginkatu 1",
            starts_at=first + timedelta(hours=hour * 2),
            ends_at=first + timedelta(hours=hour * 2, minutes=45),
        )
        visit = TaskFactory(
            action=ActionFactory(community=community, title="Help for Aino", started_by=aino),
            title=f"Carry the shopping home from the market hall, errand {hour + 1}",
            starts_at=first + timedelta(hours=hour * 2 + 1),
            slots=2,
            taken=2,
        )
        ActionBeneficiary.objects.create(action=visit.action, member=aino)
        for helper in helpers:
            ClaimFactory(task=visit, member=helper)

    tv = open_tv()
    tv.goto(f"{tv.base_url}/kiosk/")
    press(tv, "Enter")
    expect(tv.locator(".kiosk-code")).to_be_visible()
    services.screen_pair(
        member=aino, code=KioskPairing.objects.get().code, community=community, for_member=aino, name="TV"
    )
    expect(tv.locator("#tile-need")).to_be_visible(timeout=15_000)
    settled(tv)
    rows = tv.locator(".kiosk-item:visible")
    coming, more = COMING_AND_MORE[language]
    for _round in ("on arrival", "after a refresh"):
        expect(rows).to_have_count(rows_that_fit)
        assert "group 1" in rows.nth(0).inner_text()
        if rows_that_fit > 1:
            assert "errand 1" in rows.nth(1).inner_text()
            expect(tv.get_by_text(coming).first).to_be_visible()
        expect(tv.get_by_text(more)).to_be_visible()
        assert fits_without_scrolling(tv), tv.evaluate("document.documentElement.scrollHeight")
        tv.evaluate("window.talkootKioskRefresh()")
        tv.wait_for_timeout(500)
    check(tv, axe_check, f"kiosk: a full day, {text_size} text, {language}")
    shot(tv, f"full-day-{text_size}-{language}")
