"""A newcomer starts a community, a neighbour applies and is accepted; keyboard, Finnish and large text.

axe-core runs on every page of the journey, and no page may log a console error (a CSP
violation shows up as one).
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from talkoot.communities.models import Community, JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.models import Member
from talkoot.members.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = ("Where in Käpylä do you live?", "What would you like to do with us?")

# The element that has focus, and whether a sighted keyboard user can see that it has.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    text: (element.innerText || element.value || "").trim(),
    visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""


def open_page(browser, base_url):
    """A second person: their own browser context, so both sessions exist side by side."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.base_url = base_url
    return page


def check(page, axe_check, label):
    page.wait_for_load_state()  # style sheet and scripts in, so axe judges what people see
    axe_check(page, label=label)
    assert page.console_errors == [], f"console errors on {label}: {page.console_errors}"


def log_in(page, email):
    page.goto(page.base_url + "/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome, ")).to_be_visible()


def test_newcomer_starts_a_community_and_accepts_a_neighbour(page, browser, axe_check):
    base = page.base_url
    CommunityFactory(name="Lauttasaaren lukupiiri", slug="lauttasaaren-lukupiiri")

    # 1. Helmi signs up with the keyboard and confirms her address.
    page.goto(base + "/signup/")
    check(page, axe_check, "sign-up")
    page.get_by_label("Your name").focus()
    for value in ("Helmi Salo", "helmi@example.org", "kahvi-ja-pulla-2026", "kahvi-ja-pulla-2026"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    check(page, axe_check, "sign-up sent")

    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + link.removeprefix(settings.SITE_URL))
    check(page, axe_check, "confirm")
    page.get_by_role("button", name="Confirm my e-mail address").click()
    expect(page.get_by_text("Thank you! Your e-mail address is confirmed.")).to_be_visible()
    check(page, axe_check, "profile")
    assert Member.objects.get(email="helmi@example.org").email_confirmed_at is not None

    # 2. She starts a community that people join by application.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    check(page, axe_check, "home")
    page.get_by_role("link", name="Start a community").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a community")
    check(page, axe_check, "create form")
    page.get_by_role("textbox", name=re.compile("^Name")).fill("Käpylän Kahvikerho")
    page.get_by_label("Description").fill("Coffee and company on Thursdays.\nEveryone is welcome to apply.")
    page.get_by_label("How we work here").fill("We meet at the library café. Ask anyone for a hand.")
    page.get_by_label("Municipality").fill("Helsinki")
    page.get_by_label("Public — anyone can find and read it").check()
    page.get_by_label("By application — members decide").check()
    page.get_by_label("Questions to people who apply").fill("\n".join(QUESTIONS))
    page.get_by_role("button", name="Start the community").click()
    expect(page.get_by_text("Käpylän Kahvikerho is ready, and you are its first member.")).to_be_visible()
    community = Community.objects.get(name="Käpylän Kahvikerho")
    assert (community.visibility, community.join_policy) == (Visibility.PUBLIC, JoinPolicy.APPLICATION)
    assert community.application_questions == list(QUESTIONS)
    assert page.url == f"{base}/c/{community.slug}/"
    check(page, axe_check, "community page")

    # 3. Aino finds it in the directory, in her own browser, and applies.
    MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    aino = open_page(browser, base)
    try:
        log_in(aino, "aino@example.org")
        aino.get_by_role("link", name="Communities").click()
        expect(aino.get_by_role("heading", level=1)).to_have_text("Communities")
        check(aino, axe_check, "directory")
        search = aino.get_by_role("search", name="Search communities")
        search.get_by_label("Name contains").fill("kahvikerho")
        search.get_by_role("button", name="Search").click()
        expect(aino.locator("#directory-count")).to_have_text("1 community found")
        assert aino.get_by_role("link", name="Lauttasaaren lukupiiri").count() == 0
        aino.get_by_role("link", name="Käpylän Kahvikerho").click()
        expect(aino.get_by_role("heading", level=1)).to_have_text("Käpylän Kahvikerho")
        check(aino, axe_check, "community page for a visitor")

        aino.get_by_role("link", name="Apply to join").click()
        expect(aino.get_by_role("heading", level=1)).to_have_text("Apply to Käpylän Kahvikerho")
        check(aino, axe_check, "apply")
        aino.get_by_label(QUESTIONS[0]).fill("Near the Käpylä station.")
        aino.get_by_label(QUESTIONS[1]).fill("Bake pulla and chat.")
        aino.get_by_role("button", name="Send my application").click()
        expect(aino.get_by_text("Your application is waiting for the members to decide.")).to_be_visible()

        # 4. Helmi sees the application and accepts it with a message.
        page.reload()
        page.get_by_role("link", name="1 application waiting for a decision").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Applications to Käpylän Kahvikerho")
        check(page, axe_check, "applications")
        application = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Aino Virtanen"))
        expect(application.get_by_text("Near the Käpylä station.")).to_be_visible()
        application.get_by_label("Message to the applicant (optional)").fill("Tervetuloa! See you on Thursday.")
        application.get_by_role("button", name="Accept Aino Virtanen").click()
        expect(page.get_by_text("You accepted Aino Virtanen. Welcome them!")).to_be_visible()
        expect(page.get_by_text("No applications are waiting for a decision.")).to_be_visible()

        # 5. Aino is a member now; the members list and the history say so.
        aino.reload()
        expect(aino.get_by_text("You are a member of this community.")).to_be_visible()
        expect(aino.get_by_text("2 members")).to_be_visible()
        check(aino, axe_check, "community page for a member")
        aino.get_by_role("navigation", name="In this community").get_by_role("link", name="Members").click()
        names = aino.get_by_role("table").get_by_role("rowheader")
        expect(names).to_have_count(2)
        assert sorted(names.all_inner_texts()) == ["Aino Virtanen", "Helmi Salo"]
        check(aino, axe_check, "members")
        aino.get_by_role("link", name="History").click()
        expect(aino.get_by_text("Helmi Salo accepted the application of Aino Virtanen.")).to_be_visible()
        check(aino, axe_check, "history")
    finally:
        aino.context.close()


def field(field_id):
    return lambda focused: focused["id"] == field_id


def control(text, tag="button"):
    return lambda focused: focused["tag"] == tag and focused["text"] == text


def tab_until(page, is_target, *, limit=40) -> list[dict]:
    """Press Tab until `is_target(focused)`; every stop on the way must show where focus is."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"focus is invisible on {focused}"
        stops.append(focused)
        if is_target(focused):
            return stops
    raise AssertionError(f"never reached the target with Tab; stopped at {[s['id'] or s['text'] for s in stops]}")


def test_login_and_community_form_work_with_the_keyboard_alone(page, axe_check):
    MemberFactory(display_name="Eino Laine", email="eino@example.org")
    page.goto(page.base_url + "/login/")

    # Sent empty: the error summary takes focus, so a screen reader reads it first.
    tab_until(page, control("Log in"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    check(page, axe_check, "login with errors")

    tab_until(page, field("id_email"))
    page.keyboard.type("eino@example.org")
    tab_until(page, field("id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welcome, Eino Laine!")).to_be_visible()

    tab_until(page, control("Start a community", tag="a"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a community")
    start = control("Start the community")
    stops = tab_until(page, start)
    reached = {stop["id"] for stop in stops}
    fields = {"id_name", "id_description", "id_norms", "id_municipality", "id_application_questions"}
    assert fields <= reached
    assert {"id_visibility_0", "id_join_policy_0"} <= reached  # each radio group, at its checked choice
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_role("alert").get_by_role("link", name=re.compile("^Name:"))).to_be_visible()
    check(page, axe_check, "create form with errors")

    tab_until(page, field("id_name"))
    page.keyboard.type("Kumpulan Kutojat")
    tab_until(page, field("id_description"))
    page.keyboard.type("We knit socks for the neighbourhood.")
    tab_until(page, start)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kumpulan Kutojat is ready, and you are its first member.")).to_be_visible()
    community = Community.objects.get(name="Kumpulan Kutojat")
    assert (community.visibility, community.join_policy) == (Visibility.PUBLIC, JoinPolicy.OPEN)
    assert page.console_errors == []


def test_language_switcher_renders_the_page_in_finnish(page, axe_check):
    community = CommunityFactory(name="Käpylän Kahvikerho", slug="kapylan-kahvikerho")
    page.goto(f"{page.base_url}/c/{community.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("banner").get_by_role("button", name="Suomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert page.url == f"{page.base_url}/c/{community.slug}/"
    assert page.get_by_role("button", name="Suomi").get_attribute("aria-pressed") == "true"
    check(page, axe_check, "community page in Finnish")

    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "fi"
    check(page, axe_check, "home in Finnish")


def test_community_page_and_directory_fit_extra_large_text_on_desktop_and_mobile(page, axe_check):
    community = CommunityFactory(
        name="Käpylän Kahvikerho ja Kumpulan Kutojat",
        slug="kapylan-kahvikerho",
        municipality="Mäntsälä",
        norms="Kahvinkeittovuorolistanpäivitysvastuuhenkilö changes every week.",
        join_policy=JoinPolicy.APPLICATION,
        application_questions=list(QUESTIONS),
    )
    MembershipFactory(community=community, member=community.created_by)
    page.goto(f"{page.base_url}/c/{community.slug}/")
    page.get_by_role("contentinfo").get_by_role("button", name="Extra large").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-extra_large\b"))
    assert page.url == f"{page.base_url}/c/{community.slug}/"
    page.wait_for_load_state()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"

    # The directory's cards too: a card's minimum width must not outgrow a phone's screen.
    for path in (f"/c/{community.slug}/", "/communities/"):
        page.goto(page.base_url + path)
        for width, height in ((1280, 900), (375, 800)):
            page.set_viewport_size({"width": width, "height": height})
            overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert overflow[0] <= overflow[1], f"horizontal scroll on {path} at {width}px: {overflow}"
            targets = page.locator("button:visible, nav a:visible")
            assert targets.count() > 5
            for target in targets.all():
                box = target.bounding_box()
                assert box["width"] >= 24 and box["height"] >= 24, f"{target.inner_text()!r} is {box} at {width}px"
            check(page, axe_check, f"{path}, extra large text, {width}px")
