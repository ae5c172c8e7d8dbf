"""Talking where the work is, in a real browser: Saara mentions Eino in an action's conversation;
Eino sees the unread count, opens the notification and answers; Saara's open page shows his answer
without a reload. axe-core on every new page, and Finnish on the notification settings.
"""

import pytest
from playwright.sync_api import expect

from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import MemberFactory
from tests.browser.test_shared_power_journey import check, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mention_is_told_and_the_answer_appears_without_a_reload(page, browser, axe_check):
    base = page.base_url
    community = CommunityFactory(name="Kallion Seniorit", slug="kallio")
    saara = MemberFactory(display_name="Saara Nieminen", email="saara@example.org")
    eino = MemberFactory(display_name="Eino Laine", email="eino@example.org")
    for person in (saara, eino):
        MembershipFactory(community=community, member=person)
    action = ActionFactory(community=community, title="Shopping on Fridays", started_by=saara)

    # 1. Saara writes in the action's conversation and mentions Eino.
    log_in(page, "saara@example.org")
    page.goto(f"{base}/c/kallio/actions/{action.pk}/")
    page.get_by_role("link", name="Conversation", exact=True).click()
    check(page, axe_check, "a conversation")
    page.get_by_label("Your message").fill("@Eino Laine could you come along **this Friday**?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message is sent.")).to_be_visible()
    expect(page.locator("#message-list strong", has_text="this Friday")).to_be_visible()

    # 2. Eino, in another browser, sees the count, opens the notification and answers.
    other = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    eino_page = other.new_page()
    eino_page.base_url = base
    eino_page.console_errors = []
    log_in(eino_page, "eino@example.org")
    notifications = eino_page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications 1 unread")
    notifications.click()
    check(eino_page, axe_check, "notifications")
    expect(eino_page.get_by_role("paragraph").filter(has_text="Saara Nieminen mentioned you in")).to_be_visible()
    eino_page.get_by_role("button", name="Open").first.click()
    eino_page.get_by_label("Your message").fill("Yes, I will bring the trolley.")
    eino_page.get_by_role("button", name="Send").click()
    expect(eino_page.get_by_text("Your message is sent.")).to_be_visible()

    # 3. Saara's page, left open, shows the answer by itself (htmx polls every 20 seconds).
    expect(page.get_by_text("Yes, I will bring the trolley.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("A new message from Eino Laine.")).to_be_attached()

    # 4. Eino chooses, in Finnish, to get mentions by e-mail.
    eino_page.goto(f"{base}/notifications/settings/")
    eino_page.get_by_role("button", name="Suomi").click()
    expect(eino_page.get_by_role("heading", name="Miten minulle kerrotaan")).to_be_visible()
    check(eino_page, axe_check, "notification settings in Finnish")
    eino_page.get_by_role("group", name="Joku mainitsi sinut").get_by_label("Sähköpostilla heti").check()
    eino_page.get_by_role("button", name="Tallenna valintani").click()
    expect(eino_page.get_by_text("Valintasi on tallennettu.")).to_be_visible()
    other.close()
    log_out(page)
