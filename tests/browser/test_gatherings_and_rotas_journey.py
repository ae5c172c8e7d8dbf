"""Gatherings and rotas in a real browser, by keyboard: a member starts a weekly coffee morning and
says she is coming; another starts a shared-dinner rota, joins a team and takes on a task.

Every step is keyboard only: Tab to move, Enter or Space to press, typing into fields, and the
arrow keys inside a group of radio buttons (the only way a keyboard chooses another radio button).
axe-core runs on every page, the forms also after a submission with an error, and no page may log
a console error. Screenshots of the finished pages are saved under var/test-artifacts.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.actions.models import Claim, ClaimStatus
from talkoot.communities.models import JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.gatherings.models import Answer, Attendance, Gathering
from talkoot.members.tests.factories import MemberFactory
from talkoot.rotas.models import Rota, RotaTeamMember
from tests.browser.test_community_journey import FOCUSED, check, control, field, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _artifact(name: str):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def _kallio():
    community = CommunityFactory(
        name="Kallio Seniors Together", slug="kallio", visibility=Visibility.PRIVATE, join_policy=JoinPolicy.APPLICATION
    )
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org", postal_code="00530")
    MembershipFactory(community=community, member=aino)
    return community, aino


# Chromium makes the calendar button inside a date field a stop of its own, with its own thin ring
# (drawn by the browser, not by the style sheet, so `FOCUSED` cannot see it).
ON_A_PICKER = """() => {
  const element = document.activeElement;
  return ["date", "time"].includes(element.type) && !element.matches(":focus-visible");
}"""


def tab_until(page, is_target, *, limit=80) -> list[dict]:
    """`test_community_journey.tab_until`, which also lets focus rest on a date field's calendar button."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] or page.evaluate(ON_A_PICKER), f"focus is invisible on {focused}"
        stops.append(focused)
        if is_target(focused):
            return stops
    raise AssertionError(f"never reached the target with Tab; stopped at {[s['id'] or s['text'] for s in stops]}")


def _type_date(page, field_id: str, day) -> None:
    """Type a date into a date field, in the order of its parts the browser's language gives."""
    tab_until(page, field(field_id))
    page.keyboard.type(day.strftime("%m%d%Y"))
    if page.locator(f"#{field_id}").input_value() != day.isoformat():
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(day.strftime("%d%m%Y"))
    expect(page.locator(f"#{field_id}")).to_have_value(day.isoformat())


def _press(page, is_target, key: str = "Enter") -> None:
    """Tab to the control and press it, waiting for the page it loads."""
    tab_until(page, is_target)
    with page.expect_navigation():
        page.keyboard.press(key)


def _type_into(page, field_id: str, text: str) -> None:
    tab_until(page, field(field_id))
    page.keyboard.type(text)


def _starts_with(text: str, tag: str = "button"):
    return lambda focused: focused["tag"] == tag and focused["text"].startswith(text)


def test_a_member_starts_a_weekly_gathering_and_answers_coming_by_keyboard(page, axe_check):
    _community, aino = _kallio()
    log_in(page, aino.email)

    page.goto(f"{page.base_url}/c/kallio/gatherings/")
    expect(page.get_by_text("No gatherings in the next four weeks yet.")).to_be_visible()
    check(page, axe_check, "gathering list")
    _press(page, control("Start a gathering", tag="a"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a gathering")
    check(page, axe_check, "gathering form")

    # Sent without a title or a date: the error summary takes focus, so a screen reader reads it first.
    _press(page, control("Start the gathering"))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Title")
    check(page, axe_check, "gathering form with errors")
    assert not Gathering.objects.exists()

    _type_into(page, "id_title", "Coffee morning")
    day = timezone.localdate() + timedelta(days=3)
    _type_date(page, "id_first_date", day)
    _type_into(page, "id_place", "Common room")
    tab_until(page, field("id_frequency_0"))  # "Only once" is chosen: the arrows move the choice
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Every week", exact=True)).to_be_checked()
    tab_until(page, field("id_weekdays_3"))  # Thursday
    page.keyboard.press("Space")
    expect(page.get_by_label("Thursday")).to_be_checked()
    _type_into(page, "id_hosting", "Bring coffee")
    _press(page, control("Start the gathering"))

    # On the first time's page: a Thursday at 10, on or after the chosen date.
    expect(page.get_by_text("Your gathering is on the calendar.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coffee morning")
    gathering = Gathering.objects.select_related("action").get()
    first = gathering.occurrences.order_by("starts_at").first()
    assert page.url.endswith(f"/c/kallio/gatherings/times/{first.pk}/")
    local = timezone.localtime(first.starts_at)
    assert (local.weekday(), local.hour, local.date() >= day) == (3, 10, True)
    assert gathering.rrule.startswith("FREQ=WEEKLY") and "BYDAY=TH" in gathering.rrule
    expect(page.get_by_text("0 coming")).to_be_visible()
    check(page, axe_check, "gathering time")

    _press(page, control("Coming"))
    expect(page.get_by_text("See you there! You answered: coming.")).to_be_visible()
    expect(page.get_by_text("1 coming")).to_be_visible()
    expect(page.get_by_role("button", name="Coming", exact=True)).to_have_attribute("aria-pressed", "true")
    assert Attendance.objects.get(occurrence=first, member=aino).answer == Answer.COMING
    check(page, axe_check, "gathering time after answering")
    page.screenshot(path=str(_artifact("gathering-time.png")), full_page=True)

    page.goto(f"{page.base_url}/c/kallio/gatherings/")
    expect(page.get_by_role("link", name="Coffee morning").first).to_be_visible()
    check(page, axe_check, "gathering list with a gathering")


def test_a_member_starts_a_rota_joins_a_team_and_takes_on_a_task_by_keyboard(page, axe_check):
    _community, aino = _kallio()
    log_in(page, aino.email)

    page.goto(f"{page.base_url}/c/kallio/rotas/")
    expect(page.get_by_text("No rotas yet.")).to_be_visible()
    check(page, axe_check, "rota list")
    _press(page, control("Start a rota", tag="a"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a rota")
    check(page, axe_check, "rota form")

    # Sent without a title, a date or a role: the error summary takes focus.
    _press(page, control("Start the rota"))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    check(page, axe_check, "rota form with errors")
    assert not Rota.objects.exists()

    _type_into(page, "id_title", "Shared dinner")
    for monday_to_friday in range(5):
        tab_until(page, field(f"id_weekdays_{monday_to_friday}"))
        page.keyboard.press("Space")
    day = timezone.localdate() + timedelta(days=3)
    _type_date(page, "id_first_date", day)
    tab_until(page, field("id_teams"))
    page.keyboard.press("Backspace")  # 6 teams by default
    page.keyboard.type("2")
    _type_into(page, "id_team_names", "Cooks\nCleaners")
    _type_into(page, "id_role_1_title", "Cook")
    _type_into(page, "id_role_1_slots", "2")
    _press(page, control("Start the rota"))

    expect(page.get_by_text("The rota is ready.")).to_be_visible()
    rota = Rota.objects.get()
    assert (rota.title, rota.rrule, rota.teams.count()) == ("Shared dinner", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 2)
    expect(page.get_by_role("heading", name="The coming weeks")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Week of .*: Cooks"))).to_have_count(rota.weeks_ahead // 2)
    check(page, axe_check, "rota page")

    _press(page, control("Join Cooks"))
    expect(page.get_by_text("Welcome to Cooks.")).to_be_visible()
    assert RotaTeamMember.objects.get(member=aino).team.name == "Cooks"
    check(page, axe_check, "rota page in a team")

    _press(page, _starts_with("Take it on"))
    expect(page.get_by_text("Thank you! You took on “Shared dinner: Cook”.")).to_be_visible()
    claim = Claim.objects.select_related("task").get(member=aino)
    assert claim.status == ClaimStatus.ACTIVE
    assert claim.task.reserved_for_team.name == "Cooks"
    expect(page.locator("#main, main").get_by_text("You", exact=True).first).to_be_visible()
    check(page, axe_check, "rota page after taking on a task")
    page.screenshot(path=str(_artifact("rota-page.png")), full_page=True)

    page.goto(f"{page.base_url}/c/kallio/rotas/")
    expect(page.get_by_role("link", name="Shared dinner")).to_be_visible()
    check(page, axe_check, "rota list with a rota")
